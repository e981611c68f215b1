namespace Coordination.Grains.Interfaces.Cases;

/// <summary>One change of a case: the case history is its audit trail.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it (a person, a service account, or a referral's counterpart).</param>
/// <param name="Event">What happened, e.g. <c>RecordConsent</c> or <c>ExitClearanceAccepted</c>.</param>
/// <param name="From">Status before.</param>
/// <param name="To">Status after (the same when the event recorded something without moving the case).</param>
/// <param name="Reason">Why, when a reason was given or required.</param>
/// <param name="Version">The case version this change produced.</param>
[GenerateSerializer, Immutable, Alias("Coordination.CaseHistoryEntry")]
public sealed record CaseHistoryEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Event,
    [property: Id(3)] CaseStatus From,
    [property: Id(4)] CaseStatus To,
    [property: Id(5)] string? Reason,
    [property: Id(6)] int Version);
