using Coordination.Grains.EventSourcing;
using Npgsql;

namespace Coordination.Grains.EventLog;

/// <summary>How far each subscription has read each partition (table <c>event_checkpoints</c>).</summary>
public sealed class CheckpointStore(NpgsqlDataSource database)
{
    public async Task<LogPosition> LoadAsync(string subscription, int partition, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            WITH created AS (
                INSERT INTO event_checkpoints (subscription, partition, tx_id, position) VALUES ($1, $2, 0, 0)
                ON CONFLICT DO NOTHING RETURNING tx_id, position
            )
            SELECT tx_id, position FROM created
            UNION ALL
            SELECT tx_id, position FROM event_checkpoints WHERE subscription = $1 AND partition = $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = subscription });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)partition });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new LogPosition(reader.GetInt64(0), reader.GetInt64(1)) : LogPosition.Start;
    }

    /// <summary>
    /// The statement that moves a checkpoint from <paramref name="from"/> to <paramref name="to"/>;
    /// it affects no row when the checkpoint is no longer at <paramref name="from"/> (another reader
    /// took the partition, or a rebuild reset it).
    /// </summary>
    public static NpgsqlBatchCommand Advance(string subscription, int partition, LogPosition from, LogPosition to) => new("""
        UPDATE event_checkpoints SET tx_id = $5, position = $6, updated_at = now()
         WHERE subscription = $1 AND partition = $2 AND tx_id = $3 AND position = $4
        """)
    {
        Parameters =
        {
            new() { Value = subscription },
            new() { Value = (short)partition },
            new() { Value = from.TxId },
            new() { Value = from.Position },
            new() { Value = to.TxId },
            new() { Value = to.Position },
        },
    };

    /// <summary>Every checkpoint, for status and for waiting until readers caught up.</summary>
    public async Task<IReadOnlyList<(string Subscription, int Partition, LogPosition Position)>> AllAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT subscription, partition, tx_id, position FROM event_checkpoints");
        var all = new List<(string, int, LogPosition)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            all.Add((reader.GetString(0), reader.GetInt16(1), new LogPosition(reader.GetInt64(2), reader.GetInt64(3))));
        }
        return all;
    }
}
