using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Coordination.Grains.EventSourcing;

/// <summary>A stream's folded state at a version, ready to store.</summary>
internal sealed record StreamSnapshot(string StreamId, int Version, int StateVersion, string Data, byte[]? Personal);

/// <summary>
/// Stores snapshots in the background, several per statement, never replacing a newer one. A
/// snapshot is only a shortcut: one that fails to store is dropped, and the stream is read from
/// its events instead.
/// </summary>
public sealed class SnapshotWriter(NpgsqlDataSource database, ILogger<SnapshotWriter> logger) : BackgroundService
{
    private const int MaxBatch = 200;
    private readonly Channel<StreamSnapshot> _queue = Channel.CreateBounded<StreamSnapshot>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    internal void Offer(StreamSnapshot snapshot) => _queue.Writer.TryWrite(snapshot);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<StreamSnapshot>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var snapshot))
            {
                batch.Add(snapshot);
            }
            try
            {
                await WriteAsync(batch.GroupBy(s => s.StreamId).Select(g => g.MaxBy(s => s.Version)!).ToList());
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not store {Count} snapshots; those streams are read from their events", batch.Count);
            }
            batch.Clear();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task WriteAsync(IReadOnlyList<StreamSnapshot> snapshots)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO stream_snapshots (stream_id, version, state_version, data, personal, taken_at)
            SELECT s.stream_id, s.version, s.state_version, s.data::jsonb, s.personal, now()
              FROM unnest(@stream, @version, @state_version, @data, @personal) AS s(stream_id, version, state_version, data, personal)
            ON CONFLICT (stream_id) DO UPDATE
               SET version = excluded.version, state_version = excluded.state_version, data = excluded.data,
                   personal = excluded.personal, taken_at = excluded.taken_at
             WHERE stream_snapshots.version < excluded.version OR stream_snapshots.state_version <> excluded.state_version
            """);
        void Add<T>(string name, NpgsqlDbType type, T[] values) =>
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values });
        Add("stream", NpgsqlDbType.Text, [.. snapshots.Select(s => s.StreamId)]);
        Add("version", NpgsqlDbType.Integer, [.. snapshots.Select(s => s.Version)]);
        Add("state_version", NpgsqlDbType.Integer, [.. snapshots.Select(s => s.StateVersion)]);
        Add("data", NpgsqlDbType.Text, [.. snapshots.Select(s => s.Data)]);
        Add("personal", NpgsqlDbType.Bytea, [.. snapshots.Select(s => s.Personal)]);
        await command.ExecuteNonQueryAsync();
    }
}
