-- Counters that many partitions' projections add to (an office's caseload and registrations, a
-- counterpart's turnaround) are kept one row per log partition, so that the projections of
-- different partitions never wait for each other's row locks; readers sum the rows.
-- The tables are projections: they are made again, and refilled from the log.

DROP TABLE office_caseload;
CREATE TABLE office_caseload (
    office_code  text     NOT NULL,
    status       text     NOT NULL,
    partition    smallint NOT NULL,
    cases        integer  NOT NULL,
    PRIMARY KEY (office_code, status, partition)
);

DROP TABLE office_registrations;
CREATE TABLE office_registrations (
    office_code       text     NOT NULL,
    partition         smallint NOT NULL,
    registered        integer  NOT NULL,
    last_case_number  text     NOT NULL,
    PRIMARY KEY (office_code, partition)
);

DROP TABLE referral_turnaround;
CREATE TABLE referral_turnaround (
    to_code              text             NOT NULL,
    from_code            text             NOT NULL,
    partition            smallint         NOT NULL,
    acknowledged         integer          NOT NULL,
    acknowledge_seconds  double precision NOT NULL,
    answered             integer          NOT NULL,
    answer_seconds       double precision NOT NULL,
    PRIMARY KEY (to_code, from_code, partition)
);

-- The projections read the log again from the start (case_directory and referral_board are
-- rewritten row by row; the counters above start from zero).
TRUNCATE case_directory, referral_board;
UPDATE event_checkpoints SET tx_id = 0, position = 0 WHERE subscription IN ('cases', 'referrals');
