using Npgsql;

namespace Coordination.Bench;

/// <summary>PostgreSQL's own counters for the database under load: commits, WAL written, WAL flushes.</summary>
public sealed record PostgresCounters(long Commits, long WalBytes, long WalSyncs)
{
    public static async Task<PostgresCounters> ReadAsync(string connectionString)
    {
        // Backends report their counters when they go idle, at most once a second.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
                   (SELECT wal_bytes::bigint FROM pg_stat_wal), (SELECT wal_sync FROM pg_stat_wal)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new PostgresCounters(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public PostgresCounters Since(PostgresCounters before) => new(Commits - before.Commits, WalBytes - before.WalBytes, WalSyncs - before.WalSyncs);
}
