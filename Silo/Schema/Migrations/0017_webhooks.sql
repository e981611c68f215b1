-- Webhooks: outside systems subscribed to case and referral events (Standard Webhooks).
--
-- The webhooks projection reads the event log and, in the transaction that moves its checkpoint,
-- queues one delivery per event for each subscription that wants it: that queue is the
-- subscription's place in the log, so nothing committed is lost. Each silo's dispatcher sends a
-- subscription's deliveries under an advisory lock per subscription, the oldest pending delivery
-- of each case first (a case's next event waits while its previous one is retried).

CREATE TABLE webhook_subscriptions (
    id                           uuid        PRIMARY KEY,
    url                          text        NOT NULL,
    event_types                  text[]      NOT NULL,
    offices                      text[]      NOT NULL,
    personal_data                boolean     NOT NULL,
    recipient                    text        NULL,
    description                  text        NULL,
    -- The signing secret, sealed with a key derived from the deployment's master key; during a
    -- rotation's overlap the previous one signs too.
    secret                       bytea       NOT NULL,
    previous_secret              bytea       NULL,
    previous_secret_valid_until  timestamptz NULL,
    created_at                   timestamptz NOT NULL,
    created_by                   text        NOT NULL,
    deleted_at                   timestamptz NULL
);

-- The payload is not stored: it is built from the event when sent, within the subscription's
-- scope, so an erased case's personal fields are never sent afterwards.
CREATE TABLE webhook_deliveries (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id  uuid        NOT NULL REFERENCES webhook_subscriptions (id),
    event_id         uuid        NOT NULL,
    event_type       text        NOT NULL,
    stream_id        text        NOT NULL,
    stream_version   integer     NOT NULL,
    -- Deliveries are in order per case: a referral's events are ordered with its case's.
    order_key        text        NOT NULL,
    case_number      text        NULL,
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts         integer     NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    first_failed_at  timestamptz NULL,
    delivered_at     timestamptz NULL,
    last_error       text        NULL,
    UNIQUE (subscription_id, event_id)
);

CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (subscription_id, order_key, id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (subscription_id, id);

-- Every HTTP attempt of a delivery, for administrators.
CREATE TABLE webhook_attempts (
    delivery_id  bigint      NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt      integer     NOT NULL,
    at           timestamptz NOT NULL,
    status_code  integer     NULL,
    error        text        NULL,
    duration_ms  integer     NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
