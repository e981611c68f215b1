-- Data protection: retention of ended cases, erasure of personal data, and break-glass access.

-- When a case ended (closed, withdrawn, found ineligible), by the event's time; null while it is
-- worked. The retention job erases cases that ended longer ago than the retention period.
ALTER TABLE case_directory
    ADD COLUMN ended_at timestamptz NULL,
    ADD COLUMN personal_data_erased boolean NOT NULL DEFAULT false;

UPDATE case_directory SET ended_at = updated_at WHERE status IN ('Closed', 'Withdrawn', 'Ineligible');

CREATE INDEX case_directory_retention ON case_directory (ended_at) WHERE ended_at IS NOT NULL AND NOT personal_data_erased;

-- Every break-glass access: a supervisor of another office read a case in an emergency. Listed
-- for the supervisors of the office that had the case (office_code) at the time.
CREATE TABLE emergency_access (
    case_number        text        NOT NULL,
    version            integer     NOT NULL,
    office_code        text        NOT NULL,
    granted_to         text        NOT NULL,
    granted_to_office  text        NOT NULL,
    reason             text        NOT NULL,
    granted_at         timestamptz NOT NULL,
    expires_at         timestamptz NOT NULL,
    PRIMARY KEY (case_number, version)
);

CREATE INDEX emergency_access_office ON emergency_access (office_code, granted_at DESC);
