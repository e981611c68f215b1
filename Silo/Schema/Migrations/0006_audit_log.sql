-- Every write, and every read of personal data, through the API: who, when, which record, what, why.
CREATE TABLE audit_log (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL,
    actor        text        NOT NULL,
    role         text        NOT NULL,
    action       text        NOT NULL,
    record_type  text        NOT NULL,
    record_id    text        NULL,
    purpose      text        NULL,
    status_code  integer     NOT NULL,
    trace_id     text        NULL
);

CREATE INDEX audit_log_record ON audit_log (record_type, record_id, at);
CREATE INDEX audit_log_actor ON audit_log (actor, at);
