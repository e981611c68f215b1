using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Interfaces.Authorities;

/// <summary>How fast an authority answers: averages over the referrals it acknowledged and answered.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Turnaround")]
public sealed record Turnaround(
    [property: Id(0)] int Acknowledged,
    [property: Id(1)] TimeSpan? AverageTimeToAcknowledge,
    [property: Id(2)] int Answered,
    [property: Id(3)] TimeSpan? AverageTimeToAnswer);

/// <summary>An authority liaison: its inbox and its turnaround, overall and per sending office.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.AuthoritySnapshot")]
public sealed record AuthoritySnapshot(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] AuthorityKind Kind,
    [property: Id(3)] string? Country,
    [property: Id(4)] IReadOnlyList<ReferralInboxItem> Inbox,
    [property: Id(5)] Turnaround Turnaround,
    [property: Id(6)] IReadOnlyDictionary<string, Turnaround> TurnaroundByOffice);
