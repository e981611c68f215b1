-- Cluster membership for Orleans.Clustering.AdoNet: silos and clients of one cluster (its
-- ClusterId is the provider's DeploymentId) find each other here.

-- One row per cluster. Its version is the membership table's optimistic-concurrency token: every
-- change of a member row must also move the version on from the value the silo last read.
CREATE TABLE orleansmembershipversiontable (
    deploymentid text        PRIMARY KEY,
    timestamp    timestamptz NOT NULL DEFAULT now(),
    version      integer     NOT NULL DEFAULT 0
);

-- One row per silo incarnation (address, port and generation).
CREATE TABLE orleansmembershiptable (
    deploymentid text        NOT NULL REFERENCES orleansmembershipversiontable (deploymentid),
    address      text        NOT NULL,
    port         integer     NOT NULL,
    generation   integer     NOT NULL,
    siloname     text        NOT NULL,
    hostname     text        NOT NULL,
    status       integer     NOT NULL,
    proxyport    integer     NOT NULL,
    suspecttimes text        NULL,
    starttime    timestamptz NOT NULL,
    iamalivetime timestamptz NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

-- Adds a member and moves the version on, both or neither: false (nothing changed) when the
-- version is not the one the silo read or the member is already there.
CREATE FUNCTION coordination_membership_insert(
    p_deploymentid text, p_iamalivetime timestamptz, p_siloname text, p_hostname text,
    p_address text, p_port integer, p_generation integer, p_starttime timestamptz,
    p_status integer, p_proxyport integer, p_version integer)
RETURNS boolean
LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE orleansmembershipversiontable
       SET version = version + 1, timestamp = now()
     WHERE deploymentid = p_deploymentid AND version = p_version;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    VALUES
        (p_deploymentid, p_address, p_port, p_generation, p_siloname, p_hostname, p_status, p_proxyport, p_starttime, p_iamalivetime)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        -- Leaving this block through the handler below undoes the version change too.
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'member already present';
    END IF;
    RETURN true;
EXCEPTION
    WHEN raise_exception THEN
        RETURN false;
END
$fn$;

-- Changes a member's status and suspicions and moves the version on, both or neither.
CREATE FUNCTION coordination_membership_update(
    p_deploymentid text, p_address text, p_port integer, p_generation integer,
    p_iamalivetime timestamptz, p_status integer, p_suspecttimes text, p_version integer)
RETURNS boolean
LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE orleansmembershipversiontable
       SET version = version + 1, timestamp = now()
     WHERE deploymentid = p_deploymentid AND version = p_version;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleansmembershiptable
       SET status = p_status, suspecttimes = p_suspecttimes, iamalivetime = p_iamalivetime
     WHERE deploymentid = p_deploymentid AND address = p_address AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'member not present';
    END IF;
    RETURN true;
EXCEPTION
    WHEN raise_exception THEN
        RETURN false;
END
$fn$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $q$
    WITH created AS (
        INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId)
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT count(*) > 0 FROM created
$q$),
('MembershipReadAllKey', $q$
    SELECT v.version AS "Version",
           m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
           m.siloname AS "SiloName", m.hostname AS "HostName", m.status AS "Status",
           m.proxyport AS "ProxyPort", m.suspecttimes AS "SuspectTimes",
           m.starttime AS "StartTime", m.iamalivetime AS "IAmAliveTime"
      FROM orleansmembershipversiontable v
      LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
     WHERE v.deploymentid = @DeploymentId
$q$),
('MembershipReadRowKey', $q$
    SELECT v.version AS "Version",
           m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
           m.siloname AS "SiloName", m.hostname AS "HostName", m.status AS "Status",
           m.proxyport AS "ProxyPort", m.suspecttimes AS "SuspectTimes",
           m.starttime AS "StartTime", m.iamalivetime AS "IAmAliveTime"
      FROM orleansmembershipversiontable v
      LEFT JOIN orleansmembershiptable m
             ON m.deploymentid = v.deploymentid
            AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
     WHERE v.deploymentid = @DeploymentId
$q$),
('InsertMembershipKey', $q$
    SELECT coordination_membership_insert(
        @DeploymentId, @IAmAliveTime, @SiloName, @HostName, @Address, @Port, @Generation,
        @StartTime, @Status, @ProxyPort, @Version)
$q$),
('UpdateMembershipKey', $q$
    SELECT coordination_membership_update(
        @DeploymentId, @Address, @Port, @Generation, @IAmAliveTime, @Status, @SuspectTimes, @Version)
$q$),
('UpdateIAmAlivetimeKey', $q$
    UPDATE orleansmembershiptable
       SET iamalivetime = @IAmAliveTime
     WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
    DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId
$q$),
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM orleansmembershiptable
     WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status <> 3
$q$),
('GatewaysQueryKey', $q$
    SELECT address AS "Address", proxyport AS "ProxyPort", generation AS "Generation"
      FROM orleansmembershiptable
     WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0
$q$);
