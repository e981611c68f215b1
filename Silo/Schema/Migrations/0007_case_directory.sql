-- The case directory: a read model of every case for lists and search (office caseload lists,
-- filters, name and document search). Case grains keep it in step after each change; a row is
-- only ever replaced by a newer version of its case, so late or repeated updates are harmless,
-- and it can be rebuilt from the grains' stored state at any time.
CREATE TABLE case_directory (
    case_number        text        PRIMARY KEY,
    office_code        text        NOT NULL,
    status             text        NOT NULL,
    version            integer     NOT NULL,
    given_names        text        NOT NULL,
    family_names       text        NOT NULL,
    -- names with case and accents folded, for search
    folded_names       text        NOT NULL,
    nationality        text        NOT NULL,
    birth_date         date        NOT NULL,
    -- letters and digits only, upper case
    document_number    text        NULL,
    vulnerabilities    text[]      NOT NULL,
    open_referrals     integer     NOT NULL,
    overdue_referrals  integer     NOT NULL,
    registered_at      timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);

CREATE INDEX case_directory_office_page ON case_directory (office_code, registered_at, case_number);
CREATE INDEX case_directory_document ON case_directory (document_number) WHERE document_number IS NOT NULL;
