using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Referrals;

/// <summary>
/// What happened to a referral. Its state is the fold of these (<see cref="ReferralState.Evolve"/>).
/// Personal fields are sealed with the key of the case (or, for an intake, of the intake). Names are
/// stored: never rename an event or a field.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(ReferralSent), nameof(ReferralSent))]
[JsonDerivedType(typeof(ReferralAcknowledged), nameof(ReferralAcknowledged))]
[JsonDerivedType(typeof(ReferralAccepted), nameof(ReferralAccepted))]
[JsonDerivedType(typeof(ReferralDeclined), nameof(ReferralDeclined))]
[JsonDerivedType(typeof(ReferralCompleted), nameof(ReferralCompleted))]
[JsonDerivedType(typeof(ReferralCancelled), nameof(ReferralCancelled))]
[JsonDerivedType(typeof(ReferralEscalated), nameof(ReferralEscalated))]
[JsonDerivedType(typeof(IntakeRegistered), nameof(IntakeRegistered))]
public abstract record ReferralEvent(DateTimeOffset At, string By) : IDomainEvent;

/// <summary>The referral was sent to its counterpart, with only the migrant's data its kind needs.</summary>
public sealed record ReferralSent(
    DateTimeOffset At,
    string By,
    ReferralKind Kind,
    string? CaseNumber,
    string From,
    string To,
    bool ConsentToShare,
    string? ConsentOverriddenBy,
    DateTimeOffset DueAt,
    [property: Personal] ReferralSubject? Subject,
    [property: Personal] CaseRegistration? Intake,
    [property: Personal] string? Note) : ReferralEvent(At, By);

/// <summary>The counterpart has seen the referral.</summary>
public sealed record ReferralAcknowledged(DateTimeOffset At, string By) : ReferralEvent(At, By);

/// <summary>The counterpart accepted (answering acknowledges too).</summary>
public sealed record ReferralAccepted(DateTimeOffset At, string By, [property: Personal] string? Reason) : ReferralEvent(At, By);

/// <summary>The counterpart declined, with a reason.</summary>
public sealed record ReferralDeclined(DateTimeOffset At, string By, [property: Personal] string? Reason) : ReferralEvent(At, By);

/// <summary>The accepted work is done (a travel document issued, custody taken, an intake registered).</summary>
public sealed record ReferralCompleted(DateTimeOffset At, string By) : ReferralEvent(At, By);

/// <summary>The sender withdrew the referral, or the case was withdrawn.</summary>
public sealed record ReferralCancelled(DateTimeOffset At, string By, [property: Personal] string? Reason) : ReferralEvent(At, By);

/// <summary>The SLA passed: the referral is overdue and these escalation steps were taken.</summary>
public sealed record ReferralEscalated(DateTimeOffset At, string By, ImmutableArray<Escalation> Steps) : ReferralEvent(At, By);

/// <summary>The office registered the intake's migrant as this case.</summary>
public sealed record IntakeRegistered(DateTimeOffset At, string By, string CaseNumber) : ReferralEvent(At, By);
