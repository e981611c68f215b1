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

    private sealed class Removal(FaultInjection faults, string sql, string? sequence) : IAsyncDisposable
    {
        public string? Sequence => sequence;

        public async ValueTask DisposeAsync() => await faults.ExecuteAsync(sql);
    }
}
