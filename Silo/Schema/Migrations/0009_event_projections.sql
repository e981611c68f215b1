-- Read models projected from the event log (Grains/Projections). Each belongs to one projection,
-- which writes it in the same transaction as its checkpoint, and can be rebuilt from the log.
-- case_directory (migration 0007) now belongs to the "cases" projection.

-- "cases": open and finished cases per office and status.
CREATE TABLE office_caseload (
    office_code  text    NOT NULL,
    status       text    NOT NULL,
    cases        integer NOT NULL,
    PRIMARY KEY (office_code, status)
);

-- "cases": registrations per office, and the highest case number registered there.
CREATE TABLE office_registrations (
    office_code       text    PRIMARY KEY,
    registered        integer NOT NULL,
    last_case_number  text    NOT NULL
);

-- Places an office holds for transfers it accepted whose case has not moved in yet. Written by the
-- office when it admits a transfer (under a lock per office), removed by the "cases" projection
-- when the case moves in (it then counts as open) and by the "referrals" projection when the
-- transfer ends without it. Not rebuilt: it records decisions, not events.
CREATE TABLE office_admissions (
    referral_id   text        PRIMARY KEY,
    office_code   text        NOT NULL,
    case_number   text        NOT NULL,
    admitted_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX office_admissions_office ON office_admissions (office_code);
CREATE INDEX office_admissions_case ON office_admissions (case_number);

-- "referrals": every referral as it stands now, without personal data. Inboxes and transfer lists
-- are the rows still waiting on their counterpart.
CREATE TABLE referral_board (
    referral_id      text        PRIMARY KEY,
    kind             text        NOT NULL,
    case_number      text        NULL,
    from_code        text        NOT NULL,
    to_code          text        NOT NULL,
    status           text        NOT NULL,
    sent_at          timestamptz NOT NULL,
    due_at           timestamptz NOT NULL,
    acknowledged_at  timestamptz NULL,
    answered_at      timestamptz NULL,
    overdue          boolean     NOT NULL,
    -- Sent or Acknowledged: the counterpart has not answered.
    awaiting_answer  boolean     NOT NULL,
    -- The SLA clock runs (awaiting an answer, or an accepted travel document not yet issued).
    sla_running      boolean     NOT NULL,
    version          integer     NOT NULL
);

CREATE INDEX referral_board_inbox ON referral_board (to_code, due_at) WHERE sla_running;
CREATE INDEX referral_board_inbound ON referral_board (to_code, sent_at) WHERE awaiting_answer;
CREATE INDEX referral_board_outbound ON referral_board (from_code, sent_at) WHERE awaiting_answer;

-- "referrals": how fast each counterpart acknowledges and answers, per sending office.
CREATE TABLE referral_turnaround (
    to_code              text             NOT NULL,
    from_code            text             NOT NULL,
    acknowledged         integer          NOT NULL,
    acknowledge_seconds  double precision NOT NULL,
    answered             integer          NOT NULL,
    answer_seconds       double precision NOT NULL,
    PRIMARY KEY (to_code, from_code)
);
