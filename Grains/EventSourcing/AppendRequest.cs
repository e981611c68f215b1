namespace Coordination.Grains.EventSourcing;

/// <summary>One event to append, with the facts stored beside it.</summary>
/// <param name="Event">The event.</param>
/// <param name="Summary">The stream's non-personal state after this event, for projections.</param>
public sealed record NewEvent(IDomainEvent Event, object? Summary);

/// <summary>
/// One command's append: its events, the version of the stream it decided on, and what else must
/// become true in the same commit (a claim, lookup tags, the subject's new key).
/// </summary>
/// <param name="Type">The stream's type.</param>
/// <param name="StreamId">The stream.</param>
/// <param name="ExpectedVersion">The version the command decided on (0 for a new stream).</param>
/// <param name="Events">At least one event.</param>
/// <param name="Cipher">Seals the events' personal fields; required when any event has some.</param>
/// <param name="OperationId">Stored with each event.</param>
/// <param name="CausationId">Stored with each event.</param>
/// <param name="Claim">A unique fact: if another stream holds it, nothing is appended.</param>
/// <param name="Tags">Lookup keys of the stream (keyed hashes).</param>
/// <param name="NewWrappedKey">The subject's key, wrapped, when this append creates the subject.</param>
public sealed record AppendRequest(
    StreamType Type,
    string StreamId,
    int ExpectedVersion,
    IReadOnlyList<NewEvent> Events,
    SubjectCipher? Cipher,
    string? OperationId = null,
    string? CausationId = null,
    string? Claim = null,
    IReadOnlyList<byte[]>? Tags = null,
    byte[]? NewWrappedKey = null);

/// <summary>How an append ended.</summary>
public abstract record AppendResult
{
    private AppendResult()
    {
    }

    /// <summary>Stored: the stream is now at <paramref name="Version"/>.</summary>
    public sealed record Appended(int Version) : AppendResult;

    /// <summary>The stream is no longer at the expected version: read it again and decide anew.</summary>
    public sealed record VersionConflict : AppendResult;

    /// <summary>The claim is held by <paramref name="Owner"/>: the fact the command wanted to make is already true there.</summary>
    public sealed record ClaimTaken(string Owner) : AppendResult;
}
