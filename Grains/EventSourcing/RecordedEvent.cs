using System.Text.Json;

namespace Coordination.Grains.EventSourcing;

/// <summary>What the log stores beside an event: the operation that caused it and the stream's state after it.</summary>
/// <param name="OperationId">The command's operation id; a repeated one is answered, not applied again.</param>
/// <param name="CausationId">The event, rule or request that made the command happen, when not a person.</param>
/// <param name="Summary">Non-personal facts about the stream after the event (status, office...), for projections.</param>
public sealed record EventMetadata(string? OperationId, string? CausationId, JsonElement? Summary)
{
    public T? SummaryAs<T>() where T : class => Summary is { ValueKind: JsonValueKind.Object } summary ? summary.Deserialize<T>(EventJson.Options) : null;
}

/// <summary>An event as the log holds it.</summary>
/// <param name="Position">Where it is in commit order (Start for events read by stream).</param>
/// <param name="StreamId">The stream: a case number or a referral id.</param>
/// <param name="StreamType">The stream's type name.</param>
/// <param name="Version">The stream's version this event made (1 for the first).</param>
/// <param name="EventId">A unique id for the event (idempotency keys of its reactions derive from it).</param>
/// <param name="Event">The event itself; its personal properties are empty when <paramref name="PersonalDataErased"/>.</param>
/// <param name="Metadata">The operation, the cause and the stream's summary.</param>
/// <param name="RecordedAt">The event's time.</param>
/// <param name="PersonalDataErased">The event had personal fields and the subject's key is gone.</param>
public sealed record RecordedEvent(
    LogPosition Position,
    string StreamId,
    string StreamType,
    int Version,
    Guid EventId,
    IDomainEvent Event,
    EventMetadata Metadata,
    DateTimeOffset RecordedAt,
    bool PersonalDataErased);
