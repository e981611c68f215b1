-- The "ops" projection (Grains/Projections/OpsFiguresProjection.cs): figures for operations, kept
-- from the event log, never from the case tables, and holding no personal data. Counters are kept
-- one row per log partition (as in migration 0010) so that partitions never wait on each other's
-- row locks; readers sum the rows. Days are dates in the programme's time zone (Coordination:Ops:TimeZone).

-- What the projection remembers of each case and referral to turn the next event into figures:
-- the status a case is in and since when (time in status), its nationality (cases by nationality),
-- and whether a referral was open, overdue, acknowledged and answered. Never shown.
CREATE TABLE ops_case_clock (
    case_number  text        PRIMARY KEY,
    office_code  text        NOT NULL,
    status       text        NOT NULL,
    nationality  text        NOT NULL,
    since        timestamptz NOT NULL
);

CREATE TABLE ops_referral_clock (
    referral_id   text     PRIMARY KEY,
    kind          text     NOT NULL,
    from_code     text     NOT NULL,
    to_code       text     NOT NULL,
    status        text     NOT NULL,
    overdue       boolean  NOT NULL,
    acknowledged  boolean  NOT NULL,
    answered      boolean  NOT NULL
);

-- Cases per office and status (every status; the open ones are those not ended).
CREATE TABLE ops_cases (
    office_code  text     NOT NULL,
    status       text     NOT NULL,
    partition    smallint NOT NULL,
    cases        integer  NOT NULL,
    PRIMARY KEY (office_code, status, partition)
);

-- Registrations, departures and arrivals per office and day.
CREATE TABLE ops_daily (
    office_code  text     NOT NULL,
    day          date     NOT NULL,
    partition    smallint NOT NULL,
    registered   integer  NOT NULL,
    departed     integer  NOT NULL,
    arrived      integer  NOT NULL,
    PRIMARY KEY (office_code, day, partition)
);

-- Cases per office and nationality: registered there (ever) and open there now.
CREATE TABLE ops_nationalities (
    office_code  text     NOT NULL,
    nationality  text     NOT NULL,
    partition    smallint NOT NULL,
    registered   integer  NOT NULL,
    open         integer  NOT NULL,
    PRIMARY KEY (office_code, nationality, partition)
);

-- Referrals per sender, counterpart and kind: sent, open now (the counterpart owes an answer, or an
-- accepted travel document: the SLA clock runs), overdue now, and how they ended.
-- Transfers between offices are the rows of kind Transfer.
CREATE TABLE ops_referrals (
    from_code  text     NOT NULL,
    to_code    text     NOT NULL,
    kind       text     NOT NULL,
    partition  smallint NOT NULL,
    sent       integer  NOT NULL,
    open       integer  NOT NULL,
    overdue    integer  NOT NULL,
    accepted   integer  NOT NULL,
    declined   integer  NOT NULL,
    completed  integer  NOT NULL,
    cancelled  integer  NOT NULL,
    PRIMARY KEY (from_code, to_code, kind, partition)
);

-- SLA breaches (a referral becoming overdue) per sender, counterpart and day.
CREATE TABLE ops_breaches (
    from_code  text     NOT NULL,
    to_code    text     NOT NULL,
    day        date     NOT NULL,
    partition  smallint NOT NULL,
    breaches   integer  NOT NULL,
    PRIMARY KEY (from_code, to_code, day, partition)
);

-- Durations as histograms (Grains.Interfaces/Ops/DurationBuckets.cs: buckets 25% wide), from
-- which medians and 90th percentiles are read: measure 'acknowledge' and 'answer' (office = the
-- sender, subject = the counterpart) and 'status' (office = the case's office, subject = the status
-- the case left). Each bucket keeps its count and the sum of its durations.
CREATE TABLE ops_durations (
    measure      text             NOT NULL,
    office_code  text             NOT NULL,
    subject      text             NOT NULL,
    bucket       smallint         NOT NULL,
    partition    smallint         NOT NULL,
    count        integer          NOT NULL,
    seconds      double precision NOT NULL,
    PRIMARY KEY (measure, office_code, subject, bucket, partition)
);
