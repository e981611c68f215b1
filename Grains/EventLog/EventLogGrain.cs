using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.EventLog;
using Npgsql;
using Orleans.Concurrency;

namespace Coordination.Grains.EventLog;

/// <summary>Status, waiting and rebuilds for the event log, on whichever silo the caller reaches.</summary>
[StatelessWorker]
public sealed class EventLogGrain(
    NpgsqlDataSource database,
    EventLogReader reader,
    CheckpointStore checkpoints,
    IEnumerable<IProjection> projections,
    IEnumerable<IReaction> reactions) : Grain, IEventLogGrain
{
    private const int CountLimit = 100_000;
    private static readonly TimeSpan WaitStep = TimeSpan.FromMilliseconds(20);

    private IEnumerable<(string Name, string Kind)> Subscriptions =>
        projections.Select(p => (p.Name, "projection")).Concat(reactions.Select(r => (r.Name, "reaction")));

    public Task<EventLogStatus> GetStatusAsync() => StorageFailures.GuardAsync(async () =>
    {
        var subscriptions = Subscriptions.ToList();
        await using var command = database.CreateCommand($"""
            SELECT s.name, count(pending.recorded_at), min(pending.recorded_at), (SELECT count(*) FROM events)
              FROM unnest($1::text[]) AS s(name)
             CROSS JOIN generate_series(0, $2 - 1) AS p
              LEFT JOIN event_checkpoints c ON c.subscription = s.name AND c.partition = p
              LEFT JOIN LATERAL (
                    SELECT e.recorded_at FROM events e
                     WHERE e.partition = p AND (e.tx_id, e.position) > (coalesce(c.tx_id, 0), coalesce(c.position, 0))
                     LIMIT {CountLimit}) pending ON true
             GROUP BY s.name
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = subscriptions.Select(s => s.Name).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = LogPartitions.Count });
        var found = new Dictionary<string, (long Pending, DateTimeOffset? Oldest)>();
        long total = 0;
        await using (var result = await command.ExecuteReaderAsync())
        {
            while (await result.ReadAsync())
            {
                found[result.GetString(0)] = (result.GetInt64(1), result.IsDBNull(2) ? null : result.GetFieldValue<DateTimeOffset>(2));
                total = result.GetInt64(3);
            }
        }
        var (parkedCounts, parked) = await ReadParkedAsync();
        return new EventLogStatus(total, [.. subscriptions.Select(s => new SubscriptionStatus(s.Name, s.Kind,
            found.GetValueOrDefault(s.Name).Pending, found.GetValueOrDefault(s.Name).Oldest, parkedCounts.GetValueOrDefault(s.Name)))], parked);
    });

    private async Task<(Dictionary<string, long> Counts, List<ParkedEvent> Latest)> ReadParkedAsync()
    {
        var counts = new Dictionary<string, long>();
        var latest = new List<ParkedEvent>();
        await using var connection = await database.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT subscription, count(*) FROM event_log_parked GROUP BY subscription"),
                new NpgsqlBatchCommand($"SELECT subscription, stream_id, version, error, parked_at FROM event_log_parked ORDER BY parked_at DESC LIMIT {ParkedShown}"),
            },
        };
        await using var result = await batch.ExecuteReaderAsync();
        while (await result.ReadAsync())
        {
            counts[result.GetString(0)] = result.GetInt64(1);
        }
        await result.NextResultAsync();
        while (await result.ReadAsync())
        {
            // The first line of the error says what went wrong; the stack trace stays in the table.
            latest.Add(new ParkedEvent(result.GetString(0), result.IsDBNull(1) ? null : result.GetString(1), result.IsDBNull(2) ? null : result.GetInt32(2),
                result.GetString(3).Split('\n', 2)[0].Trim(), result.GetFieldValue<DateTimeOffset>(4)));
        }
        return (counts, latest);
    }

    private const int ParkedShown = 50;

    public Task<bool> WaitUntilCaughtUpAsync(TimeSpan timeout) => StorageFailures.GuardAsync(async () =>
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var names = Subscriptions.Select(s => s.Name).ToList();
        var heads = await reader.HeadsAsync(CancellationToken.None);
        while (true)
        {
            var positions = (await checkpoints.AllAsync(CancellationToken.None)).ToDictionary(c => (c.Subscription, c.Partition), c => c.Position);
            if (names.All(name => heads.All(head => positions.GetValueOrDefault((name, head.Key), LogPosition.Start) >= head.Value)))
            {
                // Reactions write events of their own (a referral opened, a cancellation): caught up means nothing new since.
                var now = await reader.HeadsAsync(CancellationToken.None);
                if (now.Count == heads.Count && now.All(h => heads.TryGetValue(h.Key, out var before) && before == h.Value))
                {
                    return true;
                }
                heads = now;
                continue;
            }
            if (waited.Elapsed >= timeout)
            {
                return false;
            }
            await Task.Delay(WaitStep);
        }
    });

    public Task<bool> RebuildAsync(string projection) => StorageFailures.GuardAsync(async () =>
    {
        var target = projections.FirstOrDefault(p => p.Name == projection);
        if (target is null)
        {
            return false;
        }
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var truncate = new NpgsqlCommand($"TRUNCATE {string.Join(", ", target.Tables)}", connection, transaction))
        {
            await truncate.ExecuteNonQueryAsync();
        }
        // Where the log ends now: until the projection has read past it, its tables are partial.
        // Events set aside earlier are applied again by the rebuild, so they are no longer parked.
        await using (var forget = new NpgsqlCommand("DELETE FROM projection_rebuilds WHERE projection = $1", connection, transaction))
        {
            forget.Parameters.Add(new NpgsqlParameter { Value = target.Name });
            await forget.ExecuteNonQueryAsync();
        }
        await using (var unpark = new NpgsqlCommand("DELETE FROM event_log_parked WHERE subscription = $1", connection, transaction))
        {
            unpark.Parameters.Add(new NpgsqlParameter { Value = target.Name });
            await unpark.ExecuteNonQueryAsync();
        }
        await using (var mark = new NpgsqlCommand("""
            INSERT INTO projection_rebuilds (projection, partition, tx_id, position)
            SELECT $1, p, h.tx_id, h.position FROM generate_series(0, $2 - 1) AS p
             CROSS JOIN LATERAL (SELECT tx_id, position FROM events WHERE partition = p ORDER BY tx_id DESC, position DESC LIMIT 1) h
            """, connection, transaction))
        {
            mark.Parameters.Add(new NpgsqlParameter { Value = target.Name });
            mark.Parameters.Add(new NpgsqlParameter { Value = LogPartitions.Count });
            await mark.ExecuteNonQueryAsync();
        }
        // Readers holding the partitions find their checkpoint moved and start again from the beginning.
        await using (var reset = new NpgsqlCommand("UPDATE event_checkpoints SET tx_id = 0, position = 0, updated_at = now() WHERE subscription = $1", connection, transaction))
        {
            reset.Parameters.Add(new NpgsqlParameter { Value = target.Name });
            await reset.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        await using (var wake = new NpgsqlCommand($"SELECT pg_notify('{EventAppender.NotificationChannel}', '')", connection))
        {
            await wake.ExecuteNonQueryAsync();
        }
        return true;
    });
}
