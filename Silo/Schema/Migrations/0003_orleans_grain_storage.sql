-- Grain state for Orleans.Persistence.AdoNet. A grain's row is identified by all of: the id hash,
-- the state-name ("grain type") hash, the two numeric key halves, the state name, the string key
-- or key extension (NULL when there is none) and the service id. The hashes alone can collide.
CREATE TABLE orleansstorage (
    grainidhash            integer     NOT NULL,
    grainidn0              bigint      NOT NULL,
    grainidn1              bigint      NOT NULL,
    graintypehash          integer     NOT NULL,
    graintypestring        text        NOT NULL,
    grainidextensionstring text        NULL,
    serviceid              text        NOT NULL,
    payloadbinary          bytea       NULL,
    modifiedon             timestamptz NOT NULL DEFAULT now(),
    version                integer     NOT NULL
);

-- One row per identity, even when two silos write a grain's first state at the same moment.
CREATE UNIQUE INDEX orleansstorage_identity
    ON orleansstorage (grainidhash, graintypehash, grainidn0, grainidn1, graintypestring, grainidextensionstring, serviceid)
    NULLS NOT DISTINCT;

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $q$
    SELECT payloadbinary AS "PayloadBinary", version AS "Version"
      FROM orleansstorage
     WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
       AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
       AND graintypestring = @GrainTypeString
       AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
       AND serviceid = @ServiceId
$q$),
-- A NULL @GrainStateVersion is a grain's first write: insert at version 1, or answer NULL when
-- the row exists already. Otherwise update only from the version the grain read, answering the
-- new version, or the unchanged one when another writer got there first.
('WriteToStorageKey', $q$
    WITH updated AS (
        UPDATE orleansstorage
           SET payloadbinary = @PayloadBinary, version = version + 1, modifiedon = now()
         WHERE @GrainStateVersion IS NOT NULL
           AND grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
           AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
           AND graintypestring = @GrainTypeString
           AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
           AND serviceid = @ServiceId
           AND version = @GrainStateVersion
        RETURNING version),
    inserted AS (
        INSERT INTO orleansstorage
            (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, version)
        SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @PayloadBinary, 1
         WHERE @GrainStateVersion IS NULL
        ON CONFLICT DO NOTHING
        RETURNING version)
    SELECT COALESCE((SELECT version FROM updated), (SELECT version FROM inserted), @GrainStateVersion) AS "NewGrainStateVersion"
$q$),
-- Clearing without deleting: the row stays, without a payload, one version on.
('ClearStorageKey', $q$
    UPDATE orleansstorage
       SET payloadbinary = NULL, version = version + 1, modifiedon = now()
     WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
       AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
       AND graintypestring = @GrainTypeString
       AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
       AND serviceid = @ServiceId
       AND version = @GrainStateVersion
    RETURNING version
$q$),
-- Clearing by deleting (DeleteStateOnClear): the answer only has to differ from the version given.
('DeleteStorageKey', $q$
    DELETE FROM orleansstorage
     WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
       AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
       AND graintypestring = @GrainTypeString
       AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
       AND serviceid = @ServiceId
       AND version = @GrainStateVersion
    RETURNING version + 1
$q$);
