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
/// <remarks>
/// A batch holding nothing the subscription handles moves the checkpoint in memory only; it is
/// written with the next batch that does, when the reader falls idle, or after a few seconds.
/// Reading such events again after a crash does nothing.
/// </remarks>
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

    // After a batch, events that arrive over the next moment are read together rather than one query each;
    // longer after a batch of events the subscription does not handle (case events, for the referrals projection).
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LingerWhenUninterested = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxDeferral = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    // Where the reader is, and where the checkpoint table says it is (moves only from there).
    private LogPosition _read;
    private LogPosition _stored;
    private DateTimeOffset _storedAt = DateTimeOffset.UtcNow;

    private string Name => projection?.Name ?? reaction!.Name;
    private int BatchSize => projection is null ? ReactionBatch : ProjectionBatch;

    public async Task RunAsync(CancellationToken stopping)
    {
        await ReloadAsync(stopping);
        var hiddenWait = TimeSpan.FromMilliseconds(5);
        while (!stopping.IsCancellationRequested)
        {
            var wake = signal.Next(partition);
            var batch = await RetryAsync(() => reader.ReadAsync(partition, _read, BatchSize, stopping), stopping);
            if (batch.Count == 0)
            {
                progress.Report(Name, partition, 0);
                await StoreDeferredAsync(stopping);
                // Committed events may still wait behind an older transaction that is running: look again soon.
                if (await RetryAsync(() => reader.HasEventsAfterAsync(partition, _read, stopping), stopping))
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
                        await ReloadAsync(stopping);
                    }
                }
                continue;
            }

            var next = batch[^1].Position;
            var handled = batch.Where(e => projection?.Handles(e) ?? reaction!.Handles(e)).ToList();
            if (handled.Count == 0)
            {
                _read = next;
                if (DateTimeOffset.UtcNow - _storedAt > MaxDeferral)
                {
                    await StoreDeferredAsync(stopping);
                }
            }
            else if (await RetryAsync(() => projection is not null ? ProjectAsync(handled, next, stopping) : ReactAsync(handled, next, stopping), stopping))
            {
                (_read, _stored, _storedAt) = (next, next, DateTimeOffset.UtcNow);
            }
            else
            {
                await ReloadAsync(stopping); // another reader owns the partition now, or a rebuild reset it
            }
            progress.Report(Name, partition, batch.Count == BatchSize ? batch.Count : 0);
            if (batch.Count < BatchSize)
            {
                await Task.Delay(handled.Count == 0 ? LingerWhenUninterested : Linger, stopping);
            }
        }
    }

    private async Task<bool> ProjectAsync(IReadOnlyList<RecordedEvent> events, LogPosition to, CancellationToken stopping)
    {
        await using var connection = await database.OpenConnectionAsync(stopping);
        await using var transaction = await connection.BeginTransactionAsync(stopping);
        await using var writes = new NpgsqlBatch(connection, transaction);
        await projection!.ProjectAsync(events, writes, stopping);
        var move = CheckpointStore.Advance(Name, partition, _stored, to);
        writes.BatchCommands.Add(move);
        await writes.ExecuteNonQueryAsync(stopping);
        if (move.RecordsAffected != 1)
        {
            // Nothing of this batch is kept.
            await transaction.RollbackAsync(stopping);
            return false;
        }
        await transaction.CommitAsync(stopping);
        return true;
    }

    private async Task<bool> ReactAsync(IReadOnlyList<RecordedEvent> events, LogPosition to, CancellationToken stopping)
    {
        foreach (var recorded in events)
        {
            await RetryAsync(async () =>
            {
                await reaction!.ReactAsync(recorded, stopping);
                return true;
            }, stopping, $"{recorded.StreamId} v{recorded.Version} {recorded.Event.GetType().Name}");
        }
        return await MoveStoredAsync(to, stopping);
    }

    private async Task StoreDeferredAsync(CancellationToken stopping)
    {
        if (_read != _stored && !await RetryAsync(() => MoveStoredAsync(_read, stopping), stopping))
        {
            await ReloadAsync(stopping);
        }
    }

    private async Task<bool> MoveStoredAsync(LogPosition to, CancellationToken stopping)
    {
        await using var connection = await database.OpenConnectionAsync(stopping);
        var move = CheckpointStore.Advance(Name, partition, _stored, to);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { move } };
        await batch.ExecuteNonQueryAsync(stopping);
        if (move.RecordsAffected != 1)
        {
            return false;
        }
        (_stored, _storedAt) = (to, DateTimeOffset.UtcNow);
        return true;
    }

    private async Task ReloadAsync(CancellationToken stopping)
    {
        var stored = await RetryAsync(() => checkpoints.LoadAsync(Name, partition, stopping), stopping);
        if (stored != _stored || _read < stored)
        {
            (_read, _stored, _storedAt) = (stored, stored, DateTimeOffset.UtcNow);
        }
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
