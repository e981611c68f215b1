namespace Coordination.Grains.Interfaces.Referrals;

/// <summary>One escalation step taken because a referral was overdue.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Escalation")]
public sealed record Escalation(
    [property: Id(0)] EscalationLevel Level,
    [property: Id(1)] DateTimeOffset At);

/// <summary>A referral as its grain holds it.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.ReferralSnapshot")]
public sealed record ReferralSnapshot(
    [property: Id(0)] string ReferralId,
    [property: Id(1)] ReferralKind Kind,
    [property: Id(2)] string? CaseNumber,
    [property: Id(3)] string From,
    [property: Id(4)] string To,
    [property: Id(5)] ReferralStatus Status,
    [property: Id(6)] ReferralSubject Subject,
    [property: Id(7)] DateTimeOffset SentAt,
    [property: Id(8)] DateTimeOffset DueAt,
    [property: Id(9)] DateTimeOffset? AcknowledgedAt,
    [property: Id(10)] DateTimeOffset? AnsweredAt,
    [property: Id(11)] DateTimeOffset? ClosedAt,
    [property: Id(12)] string? Reason,
    [property: Id(13)] bool Overdue,
    [property: Id(14)] IReadOnlyList<Escalation> Escalations,
    [property: Id(15)] bool ConsentToShare,
    [property: Id(16)] string? ConsentOverriddenBy,
    [property: Id(17)] string? Note,
    [property: Id(18)] string SentBy,
    [property: Id(19)] string? ResultingCaseNumber);

/// <summary>What a case keeps about each of its referrals.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.CaseReferral")]
public sealed record CaseReferral(
    [property: Id(0)] string ReferralId,
    [property: Id(1)] ReferralKind Kind,
    [property: Id(2)] string To,
    [property: Id(3)] ReferralStatus Status,
    [property: Id(4)] bool Overdue,
    [property: Id(5)] string? OpenedByRule = null);

/// <summary>How far a referral has got, as its case is told (by the referral, and by the log's reaction).</summary>
[GenerateSerializer, Immutable, Alias("Coordination.ReferralProgress")]
public sealed record ReferralProgress(
    [property: Id(0)] string ReferralId,
    [property: Id(1)] ReferralKind Kind,
    [property: Id(2)] string To,
    [property: Id(3)] ReferralStatus Status,
    [property: Id(4)] bool Overdue,
    [property: Id(5)] string Actor,
    [property: Id(6)] string? Reason);

/// <summary>A referral as it appears in its counterpart's inbox.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.ReferralInboxItem")]
public sealed record ReferralInboxItem(
    [property: Id(0)] string ReferralId,
    [property: Id(1)] ReferralKind Kind,
    [property: Id(2)] string? CaseNumber,
    [property: Id(3)] string From,
    [property: Id(4)] ReferralStatus Status,
    [property: Id(5)] DateTimeOffset SentAt,
    [property: Id(6)] DateTimeOffset DueAt,
    [property: Id(7)] DateTimeOffset? AcknowledgedAt,
    [property: Id(8)] DateTimeOffset? AnsweredAt,
    [property: Id(9)] bool Overdue);
