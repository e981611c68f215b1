using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Cases;

/// <summary>
/// What happened to a case, in the past tense, with who and when. A case's state is the fold of
/// these (<see cref="CaseState.Evolve"/>) and its history is these. Fields marked
/// <see cref="PersonalAttribute"/> are sealed with the case's own key. Names are stored: never
/// rename an event or a field; add new ones.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(CaseRegistered), nameof(CaseRegistered))]
[JsonDerivedType(typeof(CounsellingRecorded), nameof(CounsellingRecorded))]
[JsonDerivedType(typeof(ScreeningRecorded), nameof(ScreeningRecorded))]
[JsonDerivedType(typeof(RiskAssessed), nameof(RiskAssessed))]
[JsonDerivedType(typeof(ConsentRecorded), nameof(ConsentRecorded))]
[JsonDerivedType(typeof(ReferralRequested), nameof(ReferralRequested))]
[JsonDerivedType(typeof(TravelBooked), nameof(TravelBooked))]
[JsonDerivedType(typeof(DepartureRecorded), nameof(DepartureRecorded))]
[JsonDerivedType(typeof(ArrivalRecorded), nameof(ArrivalRecorded))]
[JsonDerivedType(typeof(ReintegrationStarted), nameof(ReintegrationStarted))]
[JsonDerivedType(typeof(CaseClosed), nameof(CaseClosed))]
[JsonDerivedType(typeof(CaseWithdrawn), nameof(CaseWithdrawn))]
[JsonDerivedType(typeof(CasePutOnHold), nameof(CasePutOnHold))]
[JsonDerivedType(typeof(CaseResumed), nameof(CaseResumed))]
[JsonDerivedType(typeof(CaseReopened), nameof(CaseReopened))]
[JsonDerivedType(typeof(ReferralProgressed), nameof(ReferralProgressed))]
[JsonDerivedType(typeof(PossibleDuplicateFound), nameof(PossibleDuplicateFound))]
[JsonDerivedType(typeof(EmergencyAccessGranted), nameof(EmergencyAccessGranted))]
[JsonDerivedType(typeof(PersonalDataErased), nameof(PersonalDataErased))]
[JsonDerivedType(typeof(CaseEscalated), nameof(CaseEscalated))]
[JsonDerivedType(typeof(SubscriberNotified), nameof(SubscriberNotified))]
[JsonDerivedType(typeof(CaseFlaggedForReview), nameof(CaseFlaggedForReview))]
public abstract record CaseEvent(DateTimeOffset At, string By) : IDomainEvent;

/// <summary>
/// The migrant was registered at an office under the case number. Nationality and vulnerabilities
/// are kept in clear as well (figures, guards after erasure); the registration is sealed.
/// </summary>
public sealed record CaseRegistered(
    DateTimeOffset At,
    string By,
    string OfficeCode,
    string Nationality,
    ImmutableArray<VulnerabilityFlag> Vulnerabilities,
    [property: Personal] CaseRegistration? Registration,
    ImmutableArray<string> PossibleDuplicates,
    string? IntakeReferralId) : CaseEvent(At, By);

/// <summary>Information and counselling were given.</summary>
public sealed record CounsellingRecorded(DateTimeOffset At, string By, [property: Personal] string? Notes) : CaseEvent(At, By);

/// <summary>Eligibility was screened; a case found ineligible is closed with the reason.</summary>
public sealed record ScreeningRecorded(DateTimeOffset At, string By, bool Eligible, [property: Personal] string? Reason) : CaseEvent(At, By);

/// <summary>A risk assessment was recorded.</summary>
public sealed record RiskAssessed(DateTimeOffset At, string By, RiskLevel Level, [property: Personal] string? Summary) : CaseEvent(At, By);

/// <summary>The migrant's informed consent to return was recorded.</summary>
public sealed record ConsentRecorded(DateTimeOffset At, string By) : CaseEvent(At, By);

/// <summary>
/// The case asked a counterpart for something: the referral <paramref name="ReferralId"/> exists
/// from this moment, and opens itself from this fact.
/// </summary>
public sealed record ReferralRequested(
    DateTimeOffset At,
    string By,
    string ReferralId,
    ReferralKind Kind,
    string To,
    string FromOffice,
    bool ConsentToShare,
    string? ConsentOverriddenBy,
    [property: Personal] string? OverrideReason,
    [property: Personal] string? Note,
    string? Rule = null) : CaseEvent(At, By);

/// <summary>The return journey was booked.</summary>
public sealed record TravelBooked(DateTimeOffset At, string By, DateOnly DepartureDate, [property: Personal] TravelBooking? Booking) : CaseEvent(At, By);

/// <summary>The migrant left Mexico.</summary>
public sealed record DepartureRecorded(DateTimeOffset At, string By) : CaseEvent(At, By);

/// <summary>The migrant arrived in the country of origin.</summary>
public sealed record ArrivalRecorded(DateTimeOffset At, string By) : CaseEvent(At, By);

/// <summary>Reintegration support started.</summary>
public sealed record ReintegrationStarted(DateTimeOffset At, string By) : CaseEvent(At, By);

/// <summary>The case was closed after the return.</summary>
public sealed record CaseClosed(DateTimeOffset At, string By, [property: Personal] string? Reason) : CaseEvent(At, By);

/// <summary>The migrant withdrew; every referral still open was cancelled with it.</summary>
public sealed record CaseWithdrawn(DateTimeOffset At, string By, [property: Personal] string? Reason, ImmutableArray<string> CancelledReferrals) : CaseEvent(At, By);

/// <summary>The case was paused with a reason.</summary>
public sealed record CasePutOnHold(DateTimeOffset At, string By, [property: Personal] string? Reason) : CaseEvent(At, By);

/// <summary>The case resumed at the status it had before the hold.</summary>
public sealed record CaseResumed(DateTimeOffset At, string By) : CaseEvent(At, By);

/// <summary>A supervisor reopened a closed, ineligible or withdrawn case.</summary>
public sealed record CaseReopened(DateTimeOffset At, string By, [property: Personal] string? Reason) : CaseEvent(At, By);

/// <summary>
/// The case learned how far one of its referrals has got. What that means for the case (cleared,
/// custody moved, document ready) follows from the referral's kind and the case's status.
/// </summary>
public sealed record ReferralProgressed(
    DateTimeOffset At,
    string By,
    string ReferralId,
    ReferralKind Kind,
    ReferralStatus Status,
    bool Overdue,
    [property: Personal] string? Reason) : CaseEvent(At, By);

/// <summary>Another case looks like the same person (registered later, or at the same moment).</summary>
public sealed record PossibleDuplicateFound(DateTimeOffset At, string By, string OtherCaseNumber) : CaseEvent(At, By);

/// <summary>
/// A supervisor of another office broke the glass: they may read the case until <paramref name="Until"/>.
/// The reason is an access justification, kept in clear (it outlives an erasure, as the audit does).
/// </summary>
public sealed record EmergencyAccessGranted(DateTimeOffset At, string By, string Office, string Reason, DateTimeOffset Until) : CaseEvent(At, By);

/// <summary>
/// The case's personal data was erased: its key is destroyed, so every sealed field of its events
/// and snapshots is unreadable from here on. Office, status history, dates and nationality remain.
/// <paramref name="Referrals"/> are the referrals (and the intake) that held the case's data, so
/// that they drop what they hold in memory.
/// </summary>
public sealed record PersonalDataErased(DateTimeOffset At, string By, string Reason, ImmutableArray<string> Referrals) : CaseEvent(At, By);

/// <summary>A rule escalated the case to a level of the escalation chain (about one of its referrals, when it names one).</summary>
public sealed record CaseEscalated(DateTimeOffset At, string By, EscalationLevel Level, string? ReferralId, string? Reason) : CaseEvent(At, By);

/// <summary>A rule told a named subscriber about the case (webhook subscriptions receive it as <c>notification.&lt;subscriber&gt;</c>).</summary>
public sealed record SubscriberNotified(DateTimeOffset At, string By, string Subscriber, string? ReferralId, string? Reason) : CaseEvent(At, By);

/// <summary>A rule flagged the case for a person's review, with the reason.</summary>
public sealed record CaseFlaggedForReview(DateTimeOffset At, string By, string Reason) : CaseEvent(At, By);
