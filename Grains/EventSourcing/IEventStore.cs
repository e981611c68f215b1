namespace Coordination.Grains.EventSourcing;

/// <summary>A stream as read for activation: the latest snapshot, the events after it, and the subject's cipher.</summary>
public sealed record LoadedStream<TState>(int Version, TState? Snapshot, int SnapshotVersion, IReadOnlyList<RecordedEvent> Events, SubjectCipher? Cipher, string? SubjectKeyId)
    where TState : class;

/// <summary>
/// Streams of events in PostgreSQL. Appends from many grains share commits; a version conflict or
/// a taken claim fails only its own command. Every call raises
/// <see cref="Interfaces.Errors.StorageUnavailableException"/> when PostgreSQL cannot be reached.
/// </summary>
public interface IEventStore
{
    /// <summary>Reads a stream from its latest snapshot of <paramref name="snapshotStateVersion"/> on.</summary>
    Task<LoadedStream<TState>> LoadAsync<TState>(StreamType type, string streamId, int snapshotStateVersion, CancellationToken cancellationToken = default)
        where TState : class;

    /// <summary>Every event of a stream, oldest first (the case history).</summary>
    Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(StreamType type, string streamId, CancellationToken cancellationToken = default);

    /// <summary>Appends one command's events in a commit shared with whatever else is being appended.</summary>
    Task<AppendResult> AppendAsync(AppendRequest request);

    /// <summary>Offers a snapshot to store in the background; losing it costs only a longer read later.</summary>
    void OfferSnapshot<TState>(string streamId, int version, int stateVersion, TState state, SubjectCipher? cipher) where TState : class;

    /// <summary>The streams holding any of these tags (a bounded number of them).</summary>
    Task<IReadOnlyList<string>> StreamsTaggedAsync(IReadOnlyCollection<byte[]> tags, CancellationToken cancellationToken = default);
}
