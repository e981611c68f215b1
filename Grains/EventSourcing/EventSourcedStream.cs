using Coordination.Grains.Interfaces.Errors;

namespace Coordination.Grains.EventSourcing;

/// <summary>
/// The stream a grain owns, held in memory: its state as the fold of its events, and its version.
/// The grain decides (purely) which events a command produces and hands them to
/// <see cref="AppendAsync"/>, which stores them in one append with the version check and only then
/// moves the state on. After an append that may or may not have been stored (PostgreSQL
/// unreachable) or lost to a concurrent writer, the stream is read again before the next decision.
/// </summary>
/// <typeparam name="TState">The immutable state; <paramref name="evolve"/> folds an event into it.</typeparam>
public sealed class EventSourcedStream<TState>(
    IEventStore store,
    StreamType type,
    string streamId,
    TState initial,
    Func<TState, IDomainEvent, EventContext, TState> evolve,
    Func<TState, object?> summarize,
    int snapshotStateVersion,
    int snapshotEvery = 50)
    where TState : class
{
    private readonly TState _initial = initial;
    private bool _loaded;

    public string StreamId => streamId;

    private TState? _state;

    public TState State => _state ?? _initial;

    public int Version { get; private set; }

    /// <summary>The subject's cipher once one exists (after the first append that made it, or on load).</summary>
    public SubjectCipher? Cipher { get; private set; }

    /// <summary>Seals a new stream's personal fields with another subject's key (a referral uses its case's).</summary>
    public void UseSubjectKey(SubjectCipher cipher)
    {
        if (Version == 0)
        {
            Cipher = cipher;
        }
    }

    public async Task EnsureLoadedAsync()
    {
        if (_loaded)
        {
            return;
        }
        var loaded = await store.LoadAsync<TState>(type, streamId, snapshotStateVersion);
        var state = loaded.Snapshot ?? _initial;
        foreach (var recorded in loaded.Events)
        {
            state = evolve(state, recorded.Event, new EventContext(recorded.Version, recorded.Metadata.OperationId));
        }
        _state = state;
        Version = loaded.Version;
        Cipher = loaded.Cipher;
        _loaded = true;
    }

    /// <summary>Every event of the stream from the store, oldest first.</summary>
    public Task<IReadOnlyList<RecordedEvent>> ReadAllAsync() => store.ReadStreamAsync(type, streamId);

    /// <summary>Folds the events without storing them: what the state would be.</summary>
    public TState Preview(IEnumerable<IDomainEvent> events, string? operationId = null) =>
        events.Select((e, i) => (e, i)).Aggregate(State, (state, x) => evolve(state, x.e, new EventContext(Version + x.i + 1, operationId)));

    /// <summary>
    /// Appends the events of one command at the version the decision was made on. On success the
    /// state and version move on; otherwise they are dropped and read again on the next call.
    /// </summary>
    public async Task<AppendResult> AppendAsync(IReadOnlyList<IDomainEvent> events, AppendOptions? options = null)
    {
        options ??= AppendOptions.None;
        var cipher = options.NewKey?.Cipher ?? Cipher;
        var state = State;
        var newEvents = new List<NewEvent>(events.Count);
        foreach (var @event in events)
        {
            state = evolve(state, @event, new EventContext(Version + newEvents.Count + 1, options.OperationId));
            newEvents.Add(new NewEvent(@event, summarize(state)));
        }

        AppendResult result;
        try
        {
            result = await store.AppendAsync(new AppendRequest(type, streamId, Version, newEvents, cipher, options.OperationId,
                options.CausationId, options.Claim, options.Tags, options.NewKey?.Wrapped));
        }
        catch (StorageUnavailableException)
        {
            _loaded = false;
            throw;
        }
        if (result is AppendResult.Appended appended)
        {
            var before = Version;
            // Appended at the version the state was folded to: the state is the stream's, whether it was read or built from version 0.
            _state = state;
            Version = appended.Version;
            Cipher = cipher;
            _loaded = true;
            if (Version / snapshotEvery > before / snapshotEvery)
            {
                store.OfferSnapshot(streamId, Version, snapshotStateVersion, State, Cipher);
            }
        }
        else
        {
            _loaded = false;
        }
        return result;
    }
}

/// <summary>What a fold knows of an event besides the event: the version it made and the operation that caused it.</summary>
public readonly record struct EventContext(int Version, string? OperationId);

/// <summary>What an append makes true besides its events.</summary>
/// <param name="OperationId">The command's operation id, stored with each event.</param>
/// <param name="CausationId">What caused the command (an event id, a rule), stored with each event.</param>
/// <param name="Claim">A unique fact the append takes, or fails if another stream holds it.</param>
/// <param name="Tags">Lookup keys of the stream.</param>
/// <param name="NewKey">The subject's key, made by this append.</param>
public sealed record AppendOptions(
    string? OperationId = null,
    string? CausationId = null,
    string? Claim = null,
    IReadOnlyList<byte[]>? Tags = null,
    (SubjectCipher Cipher, byte[] Wrapped)? NewKey = null)
{
    public static readonly AppendOptions None = new();
}
