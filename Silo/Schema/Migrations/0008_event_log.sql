-- The event log: the history of every case and referral as streams of events. A command appends
-- its events in one statement with an expected-version check; many commands share one commit.
-- Readers (projections and reactions) follow the log per partition in commit order.

-- One row per stream: its version (the check every append makes), its partition, and the key that
-- seals its personal data. last_append_count lets the append compare the stored version with the
-- version the command expected without a subquery.
CREATE TABLE event_streams (
    stream_id          text        PRIMARY KEY,
    stream_type        text        NOT NULL,
    partition          smallint    NOT NULL,
    version            integer     NOT NULL,
    last_append_count  integer     NOT NULL,
    subject_key_id     text        NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- The events. position orders the rows a transaction wrote; tx_id is that transaction's id. A
-- reader reads (tx_id, position) in order and only below the oldest transaction still running
-- (pg_snapshot_xmin), so an append that commits late with a lower position is never skipped.
-- data holds the non-personal fields; personal holds the rest, sealed with the subject's key.
CREATE TABLE events (
    position     bigint      GENERATED ALWAYS AS IDENTITY,
    tx_id        bigint      NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    partition    smallint    NOT NULL,
    stream_id    text        NOT NULL,
    version      integer     NOT NULL,
    event_id     uuid        NOT NULL,
    event_type   text        NOT NULL,
    data         jsonb       NOT NULL,
    personal     bytea       NULL,
    metadata     jsonb       NOT NULL,
    recorded_at  timestamptz NOT NULL,
    PRIMARY KEY (stream_id, version)
);

CREATE INDEX events_commit_order ON events (partition, tx_id, position);

-- Unique facts that span streams, taken in the same statement as the append that makes them true
-- (for example: this registration operation made that case).
CREATE TABLE event_claims (
    claim       text        PRIMARY KEY,
    stream_id   text        NOT NULL,
    claimed_at  timestamptz NOT NULL DEFAULT now()
);

-- Non-unique lookup keys of a stream, written with its append: keyed hashes under which possible
-- duplicate registrations meet. Never clear text.
CREATE TABLE event_tags (
    tag        bytea NOT NULL,
    stream_id  text  NOT NULL,
    PRIMARY KEY (tag, stream_id)
);

CREATE INDEX event_tags_stream ON event_tags (stream_id);

-- One key per data subject (a case, or an intake before it becomes a case), wrapped with the
-- deployment's master key. Deleting a row makes every sealed field of that subject unreadable.
CREATE TABLE subject_keys (
    key_id       text        PRIMARY KEY,
    wrapped_key  bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- The folded state of a long stream at a version, so that activation reads only what follows.
-- Rows whose state_version differs from the code's are ignored (and replaced).
CREATE TABLE stream_snapshots (
    stream_id      text        PRIMARY KEY,
    version        integer     NOT NULL,
    state_version  integer     NOT NULL,
    data           jsonb       NOT NULL,
    personal       bytea       NULL,
    taken_at       timestamptz NOT NULL DEFAULT now()
);

-- How far each subscription (a projection or a reaction) has read each partition of the log.
CREATE TABLE event_checkpoints (
    subscription  text        NOT NULL,
    partition     smallint    NOT NULL,
    tx_id         bigint      NOT NULL,
    position      bigint      NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subscription, partition)
);
