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

    // After a batch, events that arrive over the next moment are read together rather than one query each
    // (a subscription may ask for a longer window: IProjection.BatchWindow); longer after a batch of events
    // the subscription does not handle (case events, for the referrals projection).
    internal static readonly TimeSpan DefaultBatchWindow = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LingerWhenUninterested = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxDeferral = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    // Where the reader is, and where the checkpoint table says it is (moves only from there).
    private LogPosition _read;
    private LogPosition _stored;
    private DateTimeOffset _storedAt = DateTimeOffset.UtcNow;

    // Failures in a row that were not outages; at MaxFailures the reader looks for the event at fault.
    private const int MaxFailures = 5;
    private int _failures;
    private string? _failingAt;
    private Exception? _lastError;
    private int _size;
    private LogPosition? _isolateUntil;

    // How long to wait for committed events hidden behind an older transaction still running.
    private TimeSpan _hiddenWait = TimeSpan.FromMilliseconds(5);

    private string Name => projection?.Name ?? reaction!.Name;
    private TimeSpan Linger => projection?.BatchWindow ?? reaction!.BatchWindow;
    private int BatchSize => projection is null ? ReactionBatch : ProjectionBatch;
    private bool PoisonReached => _failures >= MaxFailures;

    public async Task RunAsync(CancellationToken stopping)
    {
        _size = BatchSize;
        await ReloadAsync(stopping);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await StepAsync(stopping);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // Setting an event aside or storing a checkpoint failed: never end the reader (its
                // partition would go unread until the lease moves); start again from the checkpoint.
                logger.LogError(e, "{Subscription} partition {Partition} failed a step; starting again from its checkpoint in {Backoff}", Name, partition, _backoff);
                await Task.Delay(_backoff, stopping);
                _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaxBackoff.Ticks));
                await ReloadAsync(stopping);
            }
        }
    }

    /// <summary>Reads one batch and applies it, or waits for the next one.</summary>
    private async Task StepAsync(CancellationToken stopping)
    {
        var wake = signal.Next(partition);
        var (read, batch) = await TryAsync(() => reader.ReadAsync(partition, _read, _size, stopping), "reading", stopping);
        if (!read)
        {
            if (PoisonReached)
            {
                await SetAsideUnreadableAsync(stopping);
            }
            return;
        }
        if (batch!.Count == 0)
        {
            progress.Report(Name, partition, 0);
            await StoreDeferredAsync(stopping);
            // Committed events may still wait behind an older transaction that is running: look again soon.
            if (await RetryAsync(() => reader.HasEventsAfterAsync(partition, _read, stopping), stopping))
            {
                await Task.Delay(_hiddenWait, stopping);
                _hiddenWait = TimeSpan.FromTicks(Math.Min(_hiddenWait.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks));
            }
            else
            {
                _hiddenWait = TimeSpan.FromMilliseconds(5);
                if (await Task.WhenAny(wake, Task.Delay(IdlePoll, stopping)) != wake)
                {
                    // Quiet for a while: a rebuild may have reset the checkpoint meanwhile.
                    await ReloadAsync(stopping);
                }
            }
            return;
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
        else
        {
            var (done, moved) = await TryAsync(() => projection is not null ? ProjectAsync(handled, next, stopping) : ReactAsync(handled, next, stopping), "applying", stopping);
            if (!done)
            {
                if (PoisonReached)
                {
                    await IsolateOrSetAsideAsync(handled, next, stopping);
                }
                return;
            }
            if (moved)
            {
                (_read, _stored, _storedAt) = (next, next, DateTimeOffset.UtcNow);
            }
            else
            {
                await ReloadAsync(stopping); // another reader owns the partition now, or a rebuild reset it
            }
        }
        if (_isolateUntil is { } until && _read >= until)
        {
            (_size, _isolateUntil) = (BatchSize, null);
        }
        progress.Report(Name, partition, batch.Count == _size && _size > 1 ? batch.Count : 0);
        if (batch.Count < _size)
        {
            await Task.Delay(handled.Count == 0 ? Max(LingerWhenUninterested, Linger) : Linger, stopping);
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
            await reaction!.ReactAsync(recorded, stopping);
        }
        return await MoveStoredAsync(to, stopping);
    }

    /// <summary>
    /// A batch keeps failing, and not for an outage: read it one event at a time to find the one that
    /// fails; that one, once found, is set aside so that the rest of the partition goes on.
    /// </summary>
    private async Task IsolateOrSetAsideAsync(IReadOnlyList<RecordedEvent> handled, LogPosition end, CancellationToken stopping)
    {
        if (_size > 1)
        {
            (_size, _isolateUntil, _failures, _backoff, _failingAt) = (1, end, 0, InitialBackoff, null);
            logger.LogWarning("{Subscription} partition {Partition} keeps failing on a batch; reading it one event at a time", Name, partition);
            return;
        }
        var poison = handled[0];
        await SetAsideAsync(poison.Position, poison.StreamId, poison.Version, stopping);
    }

    /// <summary>An event that cannot even be read: one at a time first, then the next one is set aside by its position.</summary>
    private async Task SetAsideUnreadableAsync(CancellationToken stopping)
    {
        if (_size > 1)
        {
            (_size, _isolateUntil, _failures, _backoff, _failingAt) = (1, null, 0, InitialBackoff, null);
            return;
        }
        await using var connection = await database.OpenConnectionAsync(stopping);
        await using var next = new NpgsqlCommand("""
            SELECT tx_id, position, stream_id, version FROM events
             WHERE partition = $1 AND (tx_id, position) > ($2, $3) AND tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
             ORDER BY tx_id, position LIMIT 1
            """, connection);
        next.Parameters.Add(new NpgsqlParameter { Value = (short)partition });
        next.Parameters.Add(new NpgsqlParameter { Value = _read.TxId });
        next.Parameters.Add(new NpgsqlParameter { Value = _read.Position });
        await using var row = await next.ExecuteReaderAsync(stopping);
        if (!await row.ReadAsync(stopping))
        {
            return;
        }
        var (position, streamId, version) = (new LogPosition(row.GetInt64(0), row.GetInt64(1)), row.GetString(2), row.GetInt32(3));
        await row.DisposeAsync();
        await SetAsideAsync(position, streamId, version, stopping);
    }

    private async Task SetAsideAsync(LogPosition position, string? streamId, int? version, CancellationToken stopping)
    {
        logger.LogError(_lastError, "{Subscription} partition {Partition} sets aside {Stream} v{Version} after {Failures} failures; the partition goes on without it",
            Name, partition, streamId, version, _failures);
        await using var connection = await database.OpenConnectionAsync(stopping);
        await using var transaction = await connection.BeginTransactionAsync(stopping);
        await using var park = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    INSERT INTO event_log_parked (subscription, partition, tx_id, position, stream_id, version, error)
                    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
                    """)
                {
                    Parameters =
                    {
                        new() { Value = Name }, new() { Value = (short)partition }, new() { Value = position.TxId }, new() { Value = position.Position },
                        new() { Value = (object?)streamId ?? DBNull.Value }, new() { Value = (object?)version ?? DBNull.Value },
                        new() { Value = _lastError?.ToString() ?? "unknown" },
                    },
                },
            },
        };
        var move = CheckpointStore.Advance(Name, partition, _stored, position);
        park.BatchCommands.Add(move);
        await park.ExecuteNonQueryAsync(stopping);
        if (move.RecordsAffected != 1)
        {
            await transaction.RollbackAsync(stopping);
            await ReloadAsync(stopping);
            return;
        }
        await transaction.CommitAsync(stopping);
        (_read, _stored, _storedAt, _failures, _size, _backoff, _failingAt) = (position, position, DateTimeOffset.UtcNow, 0, BatchSize, InitialBackoff, null);
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

    /// <summary>
    /// One attempt, with back-off after a failure. Outages do not count towards setting an event
    /// aside (they are retried for as long as they last); other failures do.
    /// </summary>
    private async Task<(bool Ok, T? Value)> TryAsync<T>(Func<Task<T>> work, string what, CancellationToken stopping)
    {
        try
        {
            var value = await work();
            // Reading the batch again after it failed to apply is no progress: only the step that
            // failed, succeeding, ends the run of failures.
            if (_failingAt is null || _failingAt == what)
            {
                (_failures, _backoff, _failingAt) = (0, InitialBackoff, null);
            }
            return (true, value);
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            var outage = StorageFailures.IsUnavailable(e);
            _failures = outage ? 0 : _failures + 1;
            _failingAt = what;
            _lastError = e;
            logger.Log(outage ? LogLevel.Warning : LogLevel.Error, e, "{Subscription} partition {Partition} failed {What} (attempt {Failures}); retrying in {Backoff}",
                Name, partition, what, _failures, _backoff);
            await Task.Delay(_backoff, stopping);
            _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, (PoisonReached || outage ? MaxBackoff : TimeSpan.FromSeconds(2)).Ticks));
            return (false, default);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(100);
    private TimeSpan _backoff = InitialBackoff;

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
