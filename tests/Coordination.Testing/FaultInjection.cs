using Npgsql;

namespace Coordination.Testing;

/// <summary>
/// Makes PostgreSQL refuse chosen writes, so that tests can make a failure happen where the design
/// says it may: a case whose stream cannot be appended to, a checkpoint that cannot be moved after a
/// batch was handled. Faults are triggers on the real tables of a test database; nothing in the
/// product knows about them.
/// </summary>
public sealed class FaultInjection(TestPostgres database)
{
    /// <summary>Refuses every append to <paramref name="streamId"/> until the returned handle is disposed.</summary>
    public async Task<IAsyncDisposable> BlockAppendsAsync(string streamId)
    {
        var name = Name("block");
        await ExecuteAsync($"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'injected fault: appends to % are blocked', NEW.stream_id; END $$;
            CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON event_streams FOR EACH ROW
                WHEN (NEW.stream_id = '{streamId.Replace("'", "''", StringComparison.Ordinal)}') EXECUTE FUNCTION {name}();
            """);
        return new Removal(this, $"DROP TRIGGER {name} ON event_streams; DROP FUNCTION {name}();", null);
    }

    /// <summary>Refuses every write of an office's own state (its case-number sequence) until the returned handle is disposed.</summary>
    public async Task<IAsyncDisposable> BlockOfficeStateAsync(string officeCode)
    {
        var name = Name("office");
        await ExecuteAsync($"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'injected fault: the state of office % cannot be written', NEW.grainidextensionstring; END $$;
            CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON orleansstorage FOR EACH ROW
                WHEN (NEW.graintypestring = 'office' AND NEW.grainidextensionstring = '{officeCode}') EXECUTE FUNCTION {name}();
            """);
        return new Removal(this, $"DROP TRIGGER {name} ON orleansstorage; DROP FUNCTION {name}();", null);
    }

    /// <summary>
    /// Makes the case directory refuse the entry of anyone with these given names, for as long as
    /// the handle lives: to the <c>cases</c> projection, that registration is an event it cannot
    /// apply, however often it tries (a fault that is not an outage).
    /// </summary>
    public async Task<IAsyncDisposable> RefuseDirectoryEntryAsync(string givenNames)
    {
        var name = Name("directory");
        await ExecuteAsync($"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'injected fault: the directory refuses %', NEW.case_number; END $$;
            CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON case_directory FOR EACH ROW
                WHEN (NEW.given_names = '{givenNames.Replace("'", "''", StringComparison.Ordinal)}') EXECUTE FUNCTION {name}();
            """);
        return new Removal(this, $"DROP TRIGGER {name} ON case_directory; DROP FUNCTION {name}();", null);
    }

    /// <summary>
    /// Commits an event to the log that no reader can decode (a type this program does not know, as
    /// a newer version might write) on a stream of its own in <paramref name="partition"/>. Disposing
    /// the handle removes it and what was set aside for it.
    /// </summary>
    public async Task<IAsyncDisposable> AppendUndecodableEventAsync(string streamId, short partition)
    {
        var id = streamId.Replace("'", "''", StringComparison.Ordinal);
        await ExecuteAsync($$"""
            INSERT INTO event_streams (stream_id, stream_type, partition, version, last_append_count) VALUES ('{{id}}', 'case', {{partition}}, 1, 1);
            INSERT INTO events (partition, stream_id, version, event_id, event_type, data, metadata, recorded_at)
            VALUES ({{partition}}, '{{id}}', 1, gen_random_uuid(), 'CaseTeleported', '{"to": "nowhere"}', '{}', now());
            """);
        return new Removal(this, $"""
            DELETE FROM event_log_parked WHERE stream_id = '{id}';
            DELETE FROM events WHERE stream_id = '{id}';
            DELETE FROM event_streams WHERE stream_id = '{id}';
            """, null);
    }

    /// <summary>
    /// Fails the next <paramref name="times"/> moves of <paramref name="subscription"/>'s checkpoints:
    /// the reader has handled a batch and dies, as far as PostgreSQL can tell, before recording it.
    /// A sequence counts the failures, since a failing transaction rolls back anything it wrote.
    /// </summary>
    public async Task<IAsyncDisposable> FailCheckpointsAsync(string subscription, int times)
    {
        var name = Name("checkpoint");
        await ExecuteAsync($"""
            CREATE SEQUENCE {name}_count;
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF nextval('{name}_count') <= {times} THEN RAISE EXCEPTION 'injected fault: checkpoint of % not recorded', NEW.subscription; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER {name} BEFORE UPDATE ON event_checkpoints FOR EACH ROW
                WHEN (NEW.subscription = '{subscription}' AND NEW.position <> OLD.position) EXECUTE FUNCTION {name}();
            """);
        return new Removal(this, $"DROP TRIGGER {name} ON event_checkpoints; DROP FUNCTION {name}(); DROP SEQUENCE {name}_count;", $"{name}_count");
    }

    /// <summary>
    /// Holds every forward move of <paramref name="subscription"/>'s checkpoints (its batches wait,
    /// they do not fail) until the returned handle is disposed: the projection stays behind the log
    /// for as long as the test needs. A rebuild's reset, a move backwards, is not held.
    /// </summary>
    public async Task<IAsyncDisposable> HoldCheckpointsAsync(string subscription)
    {
        var name = Name("hold");
        var key = Random.Shared.NextInt64(1, long.MaxValue);
        var holder = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync();
        await using (var hold = new NpgsqlCommand($"SELECT pg_advisory_lock({key})", holder))
        {
            await hold.ExecuteNonQueryAsync();
        }
        await ExecuteAsync($"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_advisory_xact_lock_shared({key}); RETURN NEW; END $$;
            CREATE TRIGGER {name} BEFORE UPDATE ON event_checkpoints FOR EACH ROW
                WHEN (NEW.subscription = '{subscription}' AND (NEW.tx_id, NEW.position) > (OLD.tx_id, OLD.position)) EXECUTE FUNCTION {name}();
            """);
        return new Release(this, holder, $"SELECT pg_advisory_unlock({key})", $"DROP TRIGGER {name} ON event_checkpoints; DROP FUNCTION {name}();");
    }

    /// <summary>How many checkpoint moves the fault has seen (it failed the first ones, up to the number it was given).</summary>
    public Task<long> SeenAsync(IAsyncDisposable fault) =>
        database.ScalarAsync<long>($"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {((Removal)fault).Sequence}");

    private static string Name(string what) => $"test_fault_{what}_{Guid.NewGuid():N}"[..40];

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class Release(FaultInjection faults, NpgsqlConnection holder, string unlock, string sql) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // Unlocking lets the waiting batches through; then the trigger goes.
            await using (var command = new NpgsqlCommand(unlock, holder))
            {
                await command.ExecuteNonQueryAsync();
            }
            await holder.DisposeAsync();
            await faults.ExecuteAsync(sql);
        }
    }

    private sealed class Removal(FaultInjection faults, string sql, string? sequence) : IAsyncDisposable
    {
        public string? Sequence => sequence;

        public async ValueTask DisposeAsync() => await faults.ExecuteAsync(sql);
    }
}
