using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace Coordination.Grains.EventSourcing;

/// <summary>The event store on the project's own tables (migration 0008); appends go through <see cref="EventAppender"/>.</summary>
public sealed class PostgresEventStore(
    NpgsqlDataSource database,
    EventAppender appender,
    SnapshotWriter snapshots,
    SubjectKeyRing keys) : IEventStore
{
    public Task<LoadedStream<TState>> LoadAsync<TState>(StreamType type, string streamId, int snapshotStateVersion, CancellationToken cancellationToken = default)
        where TState : class => StorageFailures.GuardAsync(async () =>
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // One snapshot of the database for the three reads: a snapshot stored meanwhile must not
        // make the events read start after the snapshot read.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    SELECT s.version, s.subject_key_id, k.wrapped_key
                      FROM event_streams s LEFT JOIN subject_keys k ON k.key_id = s.subject_key_id
                     WHERE s.stream_id = $1
                    """) { Parameters = { new() { Value = streamId } } },
                new NpgsqlBatchCommand("SELECT version, data::text, personal FROM stream_snapshots WHERE stream_id = $1 AND state_version = $2")
                    { Parameters = { new() { Value = streamId }, new() { Value = snapshotStateVersion } } },
                new NpgsqlBatchCommand($"""
                    SELECT {EventColumns} FROM events e
                     WHERE e.stream_id = $1
                       AND e.version > coalesce((SELECT version FROM stream_snapshots WHERE stream_id = $1 AND state_version = $2), 0)
                     ORDER BY e.version
                    """) { Parameters = { new() { Value = streamId }, new() { Value = snapshotStateVersion } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var version = 0;
        string? keyId = null;
        SubjectCipher? cipher = null;
        if (await reader.ReadAsync(cancellationToken))
        {
            version = reader.GetInt32(0);
            keyId = reader.IsDBNull(1) ? null : reader.GetString(1);
            cipher = keyId is null || reader.IsDBNull(2) ? null : keys.Unwrap(keyId, reader.GetFieldValue<byte[]>(2));
        }
        await reader.NextResultAsync(cancellationToken);
        TState? snapshot = null;
        var snapshotVersion = 0;
        if (await reader.ReadAsync(cancellationToken))
        {
            snapshotVersion = reader.GetInt32(0);
            snapshot = EventJson.Merge<TState>(reader.GetString(1), Open(cipher, reader.IsDBNull(2) ? null : reader.GetFieldValue<byte[]>(2), out _));
        }
        await reader.NextResultAsync(cancellationToken);
        var events = new List<RecordedEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(ReadEvent(reader, LogPosition.Start, type, cipher));
        }
        await reader.DisposeAsync();
        await transaction.CommitAsync(cancellationToken);
        var expected = Enumerable.Range(snapshotVersion + 1, Math.Max(0, version - snapshotVersion));
        if (!events.Select(e => e.Version).SequenceEqual(expected))
        {
            throw new InvalidOperationException($"Stream {streamId} read back with a gap: snapshot {snapshotVersion}, events {string.Join(",", events.Select(e => e.Version))}, version {version}.");
        }
        return new LoadedStream<TState>(version, snapshot, snapshotVersion, events, cipher, keyId);
    });

    public Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(StreamType type, string streamId, CancellationToken cancellationToken = default) =>
        StorageFailures.GuardAsync<IReadOnlyList<RecordedEvent>>(async () =>
        {
            await using var command = database.CreateCommand($"""
                SELECT {EventColumns}, s.subject_key_id, k.wrapped_key
                  FROM events e
                  JOIN event_streams s ON s.stream_id = e.stream_id
                  LEFT JOIN subject_keys k ON k.key_id = s.subject_key_id
                 WHERE e.stream_id = $1
                 ORDER BY e.version
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = streamId });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var events = new List<RecordedEvent>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var cipher = reader.IsDBNull(EventColumnCount + 1) ? null : keys.Unwrap(reader.GetString(EventColumnCount), reader.GetFieldValue<byte[]>(EventColumnCount + 1));
                events.Add(ReadEvent(reader, LogPosition.Start, type, cipher));
            }
            return events;
        });

    public Task<AppendResult> AppendAsync(AppendRequest request) => appender.AppendAsync(Prepare(request));

    public void OfferSnapshot<TState>(string streamId, int version, int stateVersion, TState state, SubjectCipher? cipher) where TState : class
    {
        var (data, personal) = EventJson.Split(state, typeof(TState));
        snapshots.Offer(new StreamSnapshot(streamId, version, stateVersion, data, Seal(cipher, personal)));
    }

    /// <summary>At most this many streams are returned for a set of tags (the first ones by id).</summary>
    public const int MaxTagged = 50;

    public Task<IReadOnlyList<string>> StreamsTaggedAsync(IReadOnlyCollection<byte[]> tags, CancellationToken cancellationToken = default) =>
        StorageFailures.GuardAsync<IReadOnlyList<string>>(async () =>
        {
            if (tags.Count == 0)
            {
                return [];
            }
            await using var command = database.CreateCommand($"SELECT DISTINCT stream_id FROM event_tags WHERE tag = ANY($1) ORDER BY stream_id LIMIT {MaxTagged}");
            command.Parameters.Add(new NpgsqlParameter { Value = tags.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            return await ReadStringsAsync(command, cancellationToken);
        });

    internal const string EventColumns = "e.version, e.event_id, e.event_type, e.data::text, e.personal, e.metadata::text, e.recorded_at, e.stream_id";
    internal const int EventColumnCount = 8;

    /// <summary>Reads the <see cref="EventColumns"/> of the current row.</summary>
    internal static RecordedEvent ReadEvent(NpgsqlDataReader reader, LogPosition position, StreamType type, SubjectCipher? cipher)
    {
        var personal = reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4);
        var opened = Open(cipher, personal, out var erased);
        var @event = (IDomainEvent)(EventJson.Merge(reader.GetString(3), opened, type.EventType)
            ?? throw new JsonException($"Event {reader.GetString(7)} v{reader.GetInt32(0)} reads as null."));
        var metadata = JsonSerializer.Deserialize<EventMetadata>(reader.GetString(5), EventJson.Options)
            ?? throw new JsonException("Event metadata reads as null.");
        return new RecordedEvent(position, reader.GetString(7), type.Name, reader.GetInt32(0), reader.GetGuid(1), @event, metadata,
            reader.GetFieldValue<DateTimeOffset>(6), erased);
    }

    private static byte[]? Open(SubjectCipher? cipher, byte[]? sealedValue, out bool erased)
    {
        erased = sealedValue is not null && cipher is null;
        return sealedValue is null || cipher is null ? null : cipher.Open(sealedValue);
    }

    private static byte[]? Seal(SubjectCipher? cipher, byte[]? personal) => personal is null
        ? null
        : cipher?.Seal(personal) ?? throw new InvalidOperationException("Personal data cannot be stored without its subject's key.");

    /// <summary>Serialises and seals one command's append, ready for a batch.</summary>
    internal static PreparedAppend Prepare(AppendRequest request)
    {
        if (request.Events.Count == 0)
        {
            throw new ArgumentException("An append has at least one event.", nameof(request));
        }
        return new PreparedAppend(
            request.StreamId,
            request.Type.Name,
            LogPartitions.Of(request.StreamId),
            request.ExpectedVersion,
            request.Cipher?.KeyId,
            request.Claim,
            request.Tags ?? [],
            request.NewWrappedKey,
            [.. request.Events.Select(e => Prepare(request, e))]);
    }

    private static PreparedEvent Prepare(AppendRequest request, NewEvent newEvent)
    {
        var (data, personal) = EventJson.Split(newEvent.Event, request.Type.EventType);
        var metadata = new JsonObject
        {
            ["operationId"] = request.OperationId,
            ["causationId"] = request.CausationId,
            ["summary"] = newEvent.Summary is null ? null : JsonSerializer.SerializeToNode(newEvent.Summary, newEvent.Summary.GetType(), EventJson.Options),
        };
        return new PreparedEvent(Guid.CreateVersion7(newEvent.Event.At), newEvent.Event.GetType().Name, data, Seal(request.Cipher, personal),
            metadata.ToJsonString(EventJson.Options), newEvent.Event.At);
    }

    private static async Task<IReadOnlyList<string>> ReadStringsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}
