using Coordination.Grains.EventSourcing;
using Npgsql;

namespace Coordination.Grains.EventLog;

/// <summary>
/// Reads one partition of the log in commit order. It reads only events written by transactions
/// older than the oldest one still running (<c>pg_snapshot_xmin</c>): a transaction that took a
/// low position but commits late is still running while anything after it is held back, so a
/// reader never moves its checkpoint past an event it has not seen. What it read last of each
/// partition it keeps a few seconds for the partition's other subscriptions (<see cref="PartitionTails"/>),
/// and one query per partition runs at a time, so that they do not all read the same events.
/// </summary>
public sealed class EventLogReader(NpgsqlDataSource database, SubjectKeyRing keys, StreamTypeRegistry types)
{
    private readonly PartitionTails _tails = new(TimeProvider.System);
    private readonly SemaphoreSlim[] _reading = [.. Enumerable.Range(0, LogPartitions.Count).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Up to <paramref name="limit"/> events of the partition after <paramref name="after"/>, in log order.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadAsync(int partition, LogPosition after, int limit, CancellationToken cancellationToken)
    {
        if (_tails.TryRead(partition, after, limit, out var recent))
        {
            return recent;
        }
        await _reading[partition].WaitAsync(cancellationToken);
        try
        {
            // Another subscription of the partition may have read these while this one waited.
            if (_tails.TryRead(partition, after, limit, out recent))
            {
                return recent;
            }
            var events = await ReadStoredAsync(partition, after, limit, cancellationToken);
            _tails.Remember(partition, after, events);
            return events;
        }
        finally
        {
            _reading[partition].Release();
        }
    }

    /// <summary>Forgets the events kept for the partitions' other subscriptions (after an erasure).</summary>
    public void ForgetRecentEvents() => _tails.Clear();

    private async Task<IReadOnlyList<RecordedEvent>> ReadStoredAsync(int partition, LogPosition after, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT {PostgresEventStore.EventColumns}, e.tx_id, e.position, s.stream_type, s.subject_key_id, k.wrapped_key
              FROM events e
              JOIN event_streams s ON s.stream_id = e.stream_id
              LEFT JOIN subject_keys k ON k.key_id = s.subject_key_id AND e.personal IS NOT NULL
             WHERE e.partition = $1 AND (e.tx_id, e.position) > ($2, $3)
               AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
             ORDER BY e.tx_id, e.position
             LIMIT $4
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (short)partition });
        command.Parameters.Add(new NpgsqlParameter { Value = after.TxId });
        command.Parameters.Add(new NpgsqlParameter { Value = after.Position });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var events = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        const int extra = PostgresEventStore.EventColumnCount;
        while (await reader.ReadAsync(cancellationToken))
        {
            var cipher = reader.IsDBNull(extra + 4) ? null : keys.Unwrap(reader.GetString(extra + 3), reader.GetFieldValue<byte[]>(extra + 4));
            var position = new LogPosition(reader.GetInt64(extra), reader.GetInt64(extra + 1));
            events.Add(PostgresEventStore.ReadEvent(reader, position, types.Find(reader.GetString(extra + 2)), cipher));
        }
        return events;
    }

    /// <summary>Whether the partition holds committed events after <paramref name="after"/>, visible to a reader yet or not.</summary>
    public async Task<bool> HasEventsAfterAsync(int partition, LogPosition after, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM events WHERE partition = $1 AND (tx_id, position) > ($2, $3))");
        command.Parameters.Add(new NpgsqlParameter { Value = (short)partition });
        command.Parameters.Add(new NpgsqlParameter { Value = after.TxId });
        command.Parameters.Add(new NpgsqlParameter { Value = after.Position });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>The last committed event of every partition that has one.</summary>
    public async Task<IReadOnlyDictionary<int, LogPosition>> HeadsAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT p, h.tx_id, h.position FROM generate_series(0, $1 - 1) AS p
             CROSS JOIN LATERAL (SELECT tx_id, position FROM events WHERE partition = p ORDER BY tx_id DESC, position DESC LIMIT 1) h
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = LogPartitions.Count });
        var heads = new Dictionary<int, LogPosition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            heads[reader.GetInt32(0)] = new LogPosition(reader.GetInt64(1), reader.GetInt64(2));
        }
        return heads;
    }
}
