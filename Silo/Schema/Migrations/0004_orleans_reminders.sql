-- Durable reminders for Orleans.Reminders.AdoNet. Each silo reads the reminders whose grain hash
-- falls in its arc of the hash ring, so grainhash is stored as the provider sends it: a signed
-- integer. Period arrives as int4 or int8 milliseconds depending on its size, hence bigint.
CREATE TABLE orleansreminderstable (
    serviceid    text        NOT NULL,
    grainid      text        NOT NULL,
    remindername text        NOT NULL,
    starttime    timestamptz NOT NULL,
    period       bigint      NOT NULL,
    grainhash    integer     NOT NULL,
    version      integer     NOT NULL,
    PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX orleansreminderstable_ring ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpsertReminderRowKey', $q$
    INSERT INTO orleansreminderstable (serviceid, grainid, remindername, starttime, period, grainhash, version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
       SET starttime = EXCLUDED.starttime,
           period = EXCLUDED.period,
           grainhash = EXCLUDED.grainhash,
           version = orleansreminderstable.version + 1
    RETURNING version AS "Version"
$q$),
('ReadReminderRowsKey', $q$
    SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime",
           period AS "Period", version AS "Version"
      FROM orleansreminderstable
     WHERE serviceid = @ServiceId AND grainid = @GrainId
$q$),
('ReadReminderRowKey', $q$
    SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime",
           period AS "Period", version AS "Version"
      FROM orleansreminderstable
     WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName
$q$),
-- The arc (begin, end] when it does not wrap around the ring.
('ReadRangeRows1Key', $q$
    SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime",
           period AS "Period", version AS "Version"
      FROM orleansreminderstable
     WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash
$q$),
-- The arc (begin, end] when it wraps around (and the whole ring when begin = end).
('ReadRangeRows2Key', $q$
    SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime",
           period AS "Period", version AS "Version"
      FROM orleansreminderstable
     WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash)
$q$),
('DeleteReminderRowKey', $q$
    WITH deleted AS (
        DELETE FROM orleansreminderstable
         WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName AND version = @Version
        RETURNING 1)
    SELECT count(*) > 0 FROM deleted
$q$),
('DeleteReminderRowsKey', $q$
    DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId
$q$);
