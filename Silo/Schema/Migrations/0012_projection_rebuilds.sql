-- Where the log ended, per partition, when a projection's rebuild began. Until the projection has
-- read past these positions its read models are partial: offices refuse to admit transfers
-- against a partial caseload, and the replay of old events gives back no place held today.
CREATE TABLE projection_rebuilds (
    projection  text        NOT NULL,
    partition   smallint    NOT NULL,
    tx_id       bigint      NOT NULL,
    position    bigint      NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (projection, partition)
);

-- Events a projection or reaction could not apply after repeated attempts (not an outage: an event
-- it cannot read, or a handler that keeps failing on it). Set aside, so that the rest of the
-- partition is not held up; shown at /admin/event-log. A projection's are applied again by its rebuild.
CREATE TABLE event_log_parked (
    subscription  text        NOT NULL,
    partition     smallint    NOT NULL,
    tx_id         bigint      NOT NULL,
    position      bigint      NOT NULL,
    stream_id     text        NULL,
    version       integer     NULL,
    error         text        NOT NULL,
    parked_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subscription, partition, tx_id, position)
);
