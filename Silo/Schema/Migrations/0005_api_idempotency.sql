-- Responses to POST requests sent with an Idempotency-Key, so that a retry replays the first
-- response instead of acting twice. Keys are scoped to the caller. A row without completed_at is
-- a request in flight; one left behind by a crashed API process is taken over after a while.
CREATE TABLE api_idempotency (
    caller        text        NOT NULL,
    key           text        NOT NULL,
    method        text        NOT NULL,
    path          text        NOT NULL,
    request_hash  text        NOT NULL,
    started_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz NULL,
    status_code   integer     NULL,
    content_type  text        NULL,
    location      text        NULL,
    etag          text        NULL,
    body          bytea       NULL,
    PRIMARY KEY (caller, key)
);

CREATE INDEX api_idempotency_started ON api_idempotency (started_at);
