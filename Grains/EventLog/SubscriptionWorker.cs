using Coordination.Grains.EventSourcing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Coordination.Grains.EventLog;

/// <summary>
/// Reads one partition of the log for one projection or reaction, from its checkpoint on, until
/// its partition lease is taken away. A projection applies each batch and moves the checkpoint in
/// one transaction; a reaction acts on each event and then moves the checkpoint, so after a crash
/// it sees the events since the last checkpoint again (its effects are idempotent).
/// </summary>
internal sealed class SubscriptionWorker(
    int partition,
    IProjection? projection,
    IReaction? reaction,
    EventLogReader reader,
    NpgsqlDataSource database,
    CheckpointStore checkpoints,
    LogSignal signal,
    EventLogProgress progress,
    ILogger logger)
{
    private const int ProjectionBatch = 500;
    private const int ReactionBatch = 100;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private string Name => projection?.Name ?? reaction!.Name;

    public async Task RunAsync(CancellationToken stopping)
    {
        var checkpoint = await RetryAsync(() => checkpoints.LoadAsync(Name, partition, stopping), stopping);
        var hiddenWait = TimeSpan.FromMilliseconds(5);
        while (!stopping.IsCancellationRequested)
        {
            var wake = signal.Next(partition);
            var batch = await RetryAsync(() => reader.ReadAsync(partition, checkpoint, projection is null ? ReactionBatch : ProjectionBatch, stopping), stopping);
            if (batch.Count == 0)
            {
                progress.Report(Name, partition, 0);
                // Committed events may still wait behind an older transaction that is running: look again soon.
                if (await RetryAsync(() => reader.HasEventsAfterAsync(partition, checkpoint, stopping), stopping))
                {
                    await Task.Delay(hiddenWait, stopping);
                    hiddenWait = TimeSpan.FromTicks(Math.Min(hiddenWait.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks));
                }
                else
                {
                    hiddenWait = TimeSpan.FromMilliseconds(5);
                    if (await Task.WhenAny(wake, Task.Delay(IdlePoll, stopping)) != wake)
                    {
                        // Quiet for a while: a rebuild may have reset the checkpoint meanwhile.
                        checkpoint = await RetryAsync(() => checkpoints.LoadAsync(Name, partition, stopping), stopping);
                    }
                }
                continue;
            }

            var next = batch[^1].Position;
            var moved = await RetryAsync(() => projection is not null ? ProjectAsync(batch, checkpoint, next, stopping) : ReactAsync(batch, checkpoint, next, stopping), stopping);
            checkpoint = moved ? next : await RetryAsync(() => checkpoints.LoadAsync(Name, partition, stopping), stopping);
            progress.Report(Name, partition, batch.Count == (projection is null ? ReactionBatch : ProjectionBatch) ? batch.Count : 0);
        }
    }

    private async Task<bool> ProjectAsync(IReadOnlyList<RecordedEvent> batch, LogPosition from, LogPosition to, CancellationToken stopping)
    {
        await using var connection = await database.OpenConnectionAsync(stopping);
        await using var transaction = await connection.BeginTransactionAsync(stopping);
        await projection!.ApplyAsync(batch, connection, transaction, stopping);
        if (!await CheckpointStore.AdvanceAsync(connection, transaction, Name, partition, from, to, stopping))
        {
            // Another reader owns the partition now, or a rebuild reset it: nothing of this batch is kept.
            await transaction.RollbackAsync(stopping);
            return false;
        }
        await transaction.CommitAsync(stopping);
        return true;
    }

    private async Task<bool> ReactAsync(IReadOnlyList<RecordedEvent> batch, LogPosition from, LogPosition to, CancellationToken stopping)
    {
        foreach (var recorded in batch.Where(reaction!.Handles))
        {
            await RetryAsync(async () =>
            {
                await reaction.ReactAsync(recorded, stopping);
                return true;
            }, stopping, $"{recorded.StreamId} v{recorded.Version} {recorded.Event.GetType().Name}");
        }
        await using var connection = await database.OpenConnectionAsync(stopping);
        return await CheckpointStore.AdvanceAsync(connection, null, Name, partition, from, to, stopping);
    }

    private async Task<T> RetryAsync<T>(Func<Task<T>> work, CancellationToken stopping, string? what = null)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return await work();
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                logger.Log(StorageFailures.IsUnavailable(e) ? LogLevel.Warning : LogLevel.Error, e,
                    "{Subscription} partition {Partition} failed{What}; retrying in {Backoff}", Name, partition, what is null ? "" : $" on {what}", backoff);
                await Task.Delay(backoff, stopping);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }
}
