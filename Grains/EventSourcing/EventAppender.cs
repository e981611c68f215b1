using System.Threading.Channels;
using Coordination.Grains.EventLog;
using Coordination.Grains.Interfaces.Errors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Coordination.Grains.EventSourcing;

/// <summary>One command's append, serialised and sealed, waiting for a commit.</summary>
internal sealed record PreparedAppend(
    string StreamId,
    string StreamType,
    short Partition,
    int ExpectedVersion,
    string? SubjectKeyId,
    string? Claim,
    IReadOnlyList<byte[]> Tags,
    byte[]? NewWrappedKey,
    IReadOnlyList<PreparedEvent> Events);

internal sealed record PreparedEvent(Guid EventId, string Type, string Data, byte[]? Personal, string Metadata, DateTimeOffset RecordedAt);

/// <summary>
/// Group commit for the event log. Grains hand their appends to a queue; a few workers each take
/// whatever has queued up and write it in one statement, one commit. Within that statement every
/// command keeps its own expected-version check and claim: a conflict fails that command alone.
/// An error of the statement itself (a claim raced by another silo, say) is retried command by
/// command, so one bad append never fails its neighbours. If PostgreSQL cannot be reached, every
/// waiting append fails fast with <see cref="StorageUnavailableException"/>.
/// </summary>
/// <remarks>
/// After a commit the readers of this silo's partitions are woken at once; the readers of other
/// silos through a PostgreSQL notification, sent at most every <see cref="NotifyEvery"/> with the
/// partitions written since the last one.
/// </remarks>
public sealed class EventAppender(NpgsqlDataSource database, LogSignal signal, ILogger<EventAppender> logger) : BackgroundService
{
    /// <summary>The channel readers listen on to learn that the log grew.</summary>
    public const string NotificationChannel = "coordination_events";

    private const int MaxBatch = 256;
    private const int Workers = 4;
    private static readonly TimeSpan NotifyEvery = TimeSpan.FromMilliseconds(20);

    private readonly SemaphoreSlim _written = new(0, 1);
    private int _writtenPartitions;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false });

    private sealed record Pending(PreparedAppend Append, TaskCompletionSource<AppendResult> Done);

    internal Task<AppendResult> AppendAsync(PreparedAppend append)
    {
        var done = new TaskCompletionSource<AppendResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(append, done)))
        {
            done.SetException(new StorageUnavailableException("the silo is shutting down"));
        }
        return done.Task;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None))
            .Append(Task.Run(() => NotifyOthersAsync(stoppingToken), CancellationToken.None)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Appends already queued are still written; new ones are refused.
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        var deferred = new List<Pending>();
        while (deferred.Count > 0 || await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            // A stream appears at most once per statement; a second append to it waits for the next.
            var batch = new List<Pending>(Math.Min(MaxBatch, deferred.Count + 16));
            var streams = new HashSet<string>(StringComparer.Ordinal);
            var carried = deferred;
            deferred = [];
            foreach (var pending in carried)
            {
                (streams.Add(pending.Append.StreamId) ? batch : deferred).Add(pending);
            }
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                (streams.Add(pending.Append.StreamId) ? batch : deferred).Add(pending);
            }
            if (batch.Count > 0)
            {
                await RunAsync(batch);
            }
        }
    }

    private async Task RunAsync(IReadOnlyList<Pending> batch, bool retried = false)
    {
        try
        {
            var results = await ExecuteBatchAsync(batch.Select(p => p.Append).ToList());
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }
            Written(batch.Select(p => (int)p.Append.Partition));
        }
        catch (Exception e) when (StorageFailures.IsUnavailable(e))
        {
            // The commit may or may not have happened: each grain reads its stream again before it decides anything else.
            logger.LogWarning(e, "PostgreSQL did not take {Count} appends", batch.Count);
            var unavailable = new StorageUnavailableException(StorageFailures.Describe(e));
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(unavailable);
            }
        }
        catch (PostgresException e) when (batch.Count == 1 && e.SqlState == PostgresErrorCodes.UniqueViolation && !retried)
        {
            // Another statement took the same claim at the same moment; now it is visible, the append says so.
            logger.LogInformation(e, "The append to {Stream} raced another for its claim; trying it again", batch[0].Append.StreamId);
            await RunAsync(batch, retried: true);
        }
        catch (Exception e) when (batch.Count > 1)
        {
            logger.LogInformation(e, "An append statement of {Count} commands failed; writing them one by one", batch.Count);
            foreach (var pending in batch)
            {
                await RunAsync([pending]);
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "The append to {Stream} was refused by PostgreSQL", batch[0].Append.StreamId);
            batch[0].Done.TrySetException(new InvalidOperationException($"The event log refused the append to {batch[0].Append.StreamId}: {e.Message}"));
        }
    }

    private void Written(IEnumerable<int> partitions)
    {
        var mask = 0;
        foreach (var partition in partitions)
        {
            signal.Raise(partition);
            mask |= 1 << partition;
        }
        if (Interlocked.Or(ref _writtenPartitions, mask) == 0 && _written.CurrentCount == 0)
        {
            try
            {
                _written.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    /// <summary>Tells the other silos' readers which partitions grew, at most every <see cref="NotifyEvery"/>.</summary>
    private async Task NotifyOthersAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _written.WaitAsync(stoppingToken);
                var mask = Interlocked.Exchange(ref _writtenPartitions, 0);
                if (mask == 0)
                {
                    continue;
                }
                var partitions = string.Join(',', Enumerable.Range(0, LogPartitions.Count).Where(p => (mask & (1 << p)) != 0));
                await using var notify = database.CreateCommand($"SELECT pg_notify('{NotificationChannel}', $1)");
                notify.Parameters.Add(new NpgsqlParameter { Value = partitions });
                await notify.ExecuteNonQueryAsync(stoppingToken);
                await Task.Delay(NotifyEvery, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Other silos' readers also look every second on their own.
                logger.LogDebug(e, "Could not notify readers of new events");
            }
        }
    }

    internal async Task<IReadOnlyList<AppendResult>> ExecuteBatchAsync(IReadOnlyList<PreparedAppend> appends)
    {
        await using var command = database.CreateCommand(SqlFor(appends));
        AddCommands(command, appends);
        var byStream = new Dictionary<string, AppendResult>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var streamId = reader.GetString(0);
                var append = appends.First(a => a.StreamId == streamId);
                byStream[streamId] = reader.GetBoolean(1)
                    ? new AppendResult.Appended(append.ExpectedVersion + append.Events.Count)
                    : reader.IsDBNull(2) ? new AppendResult.VersionConflict() : new AppendResult.ClaimTaken(reader.GetString(2));
            }
        }
        return [.. appends.Select(a => byStream[a.StreamId])];
    }

    /// <summary>Runs one batch on a transaction the caller holds open (tests make late commits with it).</summary>
    internal static async Task AppendWithinAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PreparedAppend> appends)
    {
        await using var command = new NpgsqlCommand(SqlFor(appends), connection, transaction);
        AddCommands(command, appends);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Most appends take no claim, tag or key: they get the statement without those parts.</summary>
    private static string SqlFor(IReadOnlyList<PreparedAppend> appends) =>
        appends.Any(a => a.Claim is not null || a.Tags.Count > 0 || a.NewWrappedKey is not null) ? AppendSql : PlainAppendSql;

    private static void AddCommands(NpgsqlCommand command, IReadOnlyList<PreparedAppend> appends)
    {
        var plain = SqlFor(appends) == PlainAppendSql;
        void Add<T>(string name, NpgsqlDbType type, T[] values) =>
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values });

        Add("c_stream", NpgsqlDbType.Text, [.. appends.Select(a => a.StreamId)]);
        Add("c_type", NpgsqlDbType.Text, [.. appends.Select(a => a.StreamType)]);
        Add("c_partition", NpgsqlDbType.Smallint, [.. appends.Select(a => a.Partition)]);
        Add("c_expected", NpgsqlDbType.Integer, [.. appends.Select(a => a.ExpectedVersion)]);
        Add("c_new", NpgsqlDbType.Integer, [.. appends.Select(a => a.ExpectedVersion + a.Events.Count)]);
        Add("c_count", NpgsqlDbType.Integer, [.. appends.Select(a => a.Events.Count)]);
        Add("c_key", NpgsqlDbType.Text, [.. appends.Select(a => a.SubjectKeyId)]);
        Add("c_claim", NpgsqlDbType.Text, [.. appends.Select(a => a.Claim)]);
        AddEvents(command, appends);
        if (plain)
        {
            return;
        }

        var keyed = appends.Where(a => a.NewWrappedKey is not null).ToList();
        Add("k_stream", NpgsqlDbType.Text, [.. keyed.Select(a => a.StreamId)]);
        Add("k_id", NpgsqlDbType.Text, [.. keyed.Select(a => a.SubjectKeyId ?? a.StreamId)]);
        Add("k_wrapped", NpgsqlDbType.Bytea, [.. keyed.Select(a => a.NewWrappedKey!)]);

        var tags = appends.SelectMany(a => a.Tags.Select(t => (a.StreamId, Tag: t))).ToList();
        Add("t_stream", NpgsqlDbType.Text, [.. tags.Select(t => t.StreamId)]);
        Add("t_tag", NpgsqlDbType.Bytea, [.. tags.Select(t => t.Tag)]);
    }

    private static void AddEvents(NpgsqlCommand command, IReadOnlyList<PreparedAppend> appends)
    {
        void Add<T>(string name, NpgsqlDbType type, T[] values) =>
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values });

        var events = appends.SelectMany(a => a.Events.Select((e, i) => (Append: a, Event: e, Version: a.ExpectedVersion + i + 1))).ToList();
        Add("e_stream", NpgsqlDbType.Text, [.. events.Select(e => e.Append.StreamId)]);
        Add("e_partition", NpgsqlDbType.Smallint, [.. events.Select(e => e.Append.Partition)]);
        Add("e_version", NpgsqlDbType.Integer, [.. events.Select(e => e.Version)]);
        Add("e_id", NpgsqlDbType.Uuid, [.. events.Select(e => e.Event.EventId)]);
        Add("e_type", NpgsqlDbType.Text, [.. events.Select(e => e.Event.Type)]);
        Add("e_data", NpgsqlDbType.Text, [.. events.Select(e => e.Event.Data)]);
        Add("e_personal", NpgsqlDbType.Bytea, [.. events.Select(e => e.Event.Personal)]);
        Add("e_metadata", NpgsqlDbType.Text, [.. events.Select(e => e.Event.Metadata)]);
        Add("e_at", NpgsqlDbType.TimestampTz, [.. events.Select(e => e.Event.RecordedAt)]);
    }

    // The statement for appends without claims, tags or keys (see AppendSql).
    private const string PlainAppendSql = """
        WITH cmd AS (
            SELECT * FROM unnest(@c_stream, @c_type, @c_partition, @c_expected, @c_new, @c_count, @c_key, @c_claim)
                AS c(stream_id, stream_type, partition, expected, new_version, event_count, subject_key_id, claim)
        ), bumped AS (
            INSERT INTO event_streams AS s (stream_id, stream_type, partition, version, last_append_count, subject_key_id, updated_at)
            SELECT c.stream_id, c.stream_type, c.partition, c.new_version, c.event_count, c.subject_key_id, now()
              FROM cmd c
             WHERE c.expected = 0 OR EXISTS (SELECT 1 FROM event_streams e WHERE e.stream_id = c.stream_id)
            ON CONFLICT (stream_id) DO UPDATE
               SET version = excluded.version, last_append_count = excluded.last_append_count, updated_at = excluded.updated_at
             WHERE s.version = excluded.version - excluded.last_append_count
            RETURNING s.stream_id
        ), appended AS (
            INSERT INTO events (partition, stream_id, version, event_id, event_type, data, personal, metadata, recorded_at)
            SELECT e.partition, e.stream_id, e.version, e.event_id, e.event_type, e.data::jsonb, e.personal, e.metadata::jsonb, e.recorded_at
              FROM unnest(@e_stream, @e_partition, @e_version, @e_id, @e_type, @e_data, @e_personal, @e_metadata, @e_at)
                   WITH ORDINALITY AS e(stream_id, partition, version, event_id, event_type, data, personal, metadata, recorded_at, ord)
              JOIN bumped b ON b.stream_id = e.stream_id
             ORDER BY e.ord
        )
        SELECT c.stream_id, b.stream_id IS NOT NULL, NULL::text
          FROM cmd c LEFT JOIN bumped b ON b.stream_id = c.stream_id
        """;

    // One statement per batch. "bumped" moves each stream's version on only where it still is what
    // the command expected and its claim is free; everything else is written only for the streams
    // that moved. Events are inserted in the commands' order, so positions follow versions.
    private const string AppendSql = """
        WITH cmd AS (
            SELECT * FROM unnest(@c_stream, @c_type, @c_partition, @c_expected, @c_new, @c_count, @c_key, @c_claim)
                AS c(stream_id, stream_type, partition, expected, new_version, event_count, subject_key_id, claim)
        ), taken AS (
            SELECT c.stream_id, k.stream_id AS owner FROM cmd c JOIN event_claims k ON k.claim = c.claim
        ), bumped AS (
            INSERT INTO event_streams AS s (stream_id, stream_type, partition, version, last_append_count, subject_key_id, updated_at)
            SELECT c.stream_id, c.stream_type, c.partition, c.new_version, c.event_count, c.subject_key_id, now()
              FROM cmd c
             WHERE NOT EXISTS (SELECT 1 FROM taken t WHERE t.stream_id = c.stream_id)
               AND (c.expected = 0 OR EXISTS (SELECT 1 FROM event_streams e WHERE e.stream_id = c.stream_id))
            ON CONFLICT (stream_id) DO UPDATE
               SET version = excluded.version, last_append_count = excluded.last_append_count, updated_at = excluded.updated_at
             WHERE s.version = excluded.version - excluded.last_append_count
            RETURNING s.stream_id
        ), claimed AS (
            INSERT INTO event_claims (claim, stream_id)
            SELECT c.claim, c.stream_id FROM cmd c JOIN bumped b ON b.stream_id = c.stream_id WHERE c.claim IS NOT NULL
        ), keyed AS (
            INSERT INTO subject_keys (key_id, wrapped_key)
            SELECT k.key_id, k.wrapped_key FROM unnest(@k_stream, @k_id, @k_wrapped) AS k(stream_id, key_id, wrapped_key)
              JOIN bumped b ON b.stream_id = k.stream_id
            ON CONFLICT (key_id) DO NOTHING
        ), tagged AS (
            INSERT INTO event_tags (tag, stream_id)
            SELECT t.tag, t.stream_id FROM unnest(@t_stream, @t_tag) AS t(stream_id, tag)
              JOIN bumped b ON b.stream_id = t.stream_id
            ON CONFLICT DO NOTHING
        ), appended AS (
            INSERT INTO events (partition, stream_id, version, event_id, event_type, data, personal, metadata, recorded_at)
            SELECT e.partition, e.stream_id, e.version, e.event_id, e.event_type, e.data::jsonb, e.personal, e.metadata::jsonb, e.recorded_at
              FROM unnest(@e_stream, @e_partition, @e_version, @e_id, @e_type, @e_data, @e_personal, @e_metadata, @e_at)
                   WITH ORDINALITY AS e(stream_id, partition, version, event_id, event_type, data, personal, metadata, recorded_at, ord)
              JOIN bumped b ON b.stream_id = e.stream_id
             ORDER BY e.ord
        )
        SELECT c.stream_id, b.stream_id IS NOT NULL, t.owner
          FROM cmd c
          LEFT JOIN bumped b ON b.stream_id = c.stream_id
          LEFT JOIN taken t ON t.stream_id = c.stream_id
        """;
}
