using System.Collections.Immutable;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Referrals;

namespace Coordination.Grains.Cases;

/// <summary>
/// A case as the fold of its events. Immutable: <see cref="Evolve"/> returns the next state and is
/// the only place a case changes. Also what a snapshot of a long stream stores (personal fields
/// sealed); bump <see cref="SnapshotVersion"/> when its shape changes.
/// </summary>
public sealed record CaseState
{
    public const int SnapshotVersion = 2;

    /// <summary>How many recent operation ids a case remembers, so that a retried command is answered, not applied twice.</summary>
    public const int RememberedOperations = 64;

    public static readonly CaseState Unregistered = new();

    public bool Registered { get; init; }

    /// <summary>The office with custody; a completed transfer moves it.</summary>
    public string OfficeCode { get; init; } = "";

    /// <summary>The registration; null before registration, and after the case's personal data was erased.</summary>
    [Personal]
    public CaseRegistration? Registration { get; init; }

    public string Nationality { get; init; } = "";

    public ImmutableArray<VulnerabilityFlag> Vulnerabilities { get; init; } = [];

    public CaseStatus Status { get; init; }

    public DateTimeOffset RegisteredAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public string RegistrationOperationId { get; init; } = "";

    /// <summary>The INM intake this case was registered from, if any.</summary>
    public string? IntakeReferralId { get; init; }

    public CaseStatus? StatusBeforeHold { get; init; }

    [Personal]
    public string? HoldReason { get; init; }

    /// <summary>The status a terminal status was entered from; reopening looks at it.</summary>
    public CaseStatus? StatusBeforeTermination { get; init; }

    public bool Counselled { get; init; }

    public bool RiskAssessed { get; init; }

    [Personal]
    public RiskAssessment? RiskAssessment { get; init; }

    public bool ChildProtectionAccepted { get; init; }

    /// <summary>The consulate completed a TravelDocument referral.</summary>
    public bool TravelDocumentIssued { get; init; }

    [Personal]
    public TravelBooking? TravelBooking { get; init; }

    public ImmutableList<CaseReferral> Referrals { get; init; } = [];

    /// <summary>Numbers the case's referrals: ACA-2026-000123-R01, -R02, ...</summary>
    public int ReferralSequence { get; init; }

    public ImmutableList<string> PossibleDuplicates { get; init; } = [];

    /// <summary>When the case last ended (closed, withdrawn, found ineligible); null while it is worked. Retention counts from it.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Break-glass accesses by supervisors of other offices, oldest first.</summary>
    public ImmutableList<EmergencyAccessGrant> EmergencyAccess { get; init; } = [];

    /// <summary>The erasure of the case's personal data, once it happened.</summary>
    public CaseErasure? Erasure { get; init; }

    /// <summary>Rules that fire once per case and have fired for this one.</summary>
    public ImmutableList<string> RulesFiredOnce { get; init; } = [];

    /// <summary>Why rules flagged the case for review, oldest first.</summary>
    public ImmutableList<string> ReviewFlags { get; init; } = [];

    /// <summary>Recent operation ids, newest last.</summary>
    public ImmutableList<string> RecentOperations { get; init; } = [];

    public int OpenReferrals => Referrals.Count(r => ReferralRules.IsOpen(r.Status));

    public int OverdueReferrals => Referrals.Count(r => ReferralRules.IsOpen(r.Status) && r.Overdue);

    /// <summary>What projections see of the case after an event: no personal data.</summary>
    public CaseSummary Summary() => new(OfficeCode, Status, OpenReferrals, OverdueReferrals);

    /// <summary>The case after <paramref name="event"/>.</summary>
    public static CaseState Evolve(CaseState state, IDomainEvent @event, EventContext context)
    {
        var next = Apply(state, (CaseEvent)@event) with { UpdatedAt = @event.At };
        if (@event is CaseRegistered)
        {
            next = next with { RegistrationOperationId = context.OperationId ?? "" };
        }
        if (Rules.RuleDecider.OncePerCaseRule(context.OperationId) is { } rule && !next.RulesFiredOnce.Contains(rule))
        {
            next = next with { RulesFiredOnce = next.RulesFiredOnce.Add(rule) };
        }
        return next with { RecentOperations = EventSourcing.RecentOperations.Remember(next.RecentOperations, context.OperationId, RememberedOperations) };
    }

    private static CaseState Apply(CaseState state, CaseEvent @event) => @event switch
    {
        CaseRegistered e => state with
        {
            Registered = true,
            OfficeCode = e.OfficeCode,
            Registration = e.Registration,
            Nationality = e.Nationality,
            Vulnerabilities = e.Vulnerabilities,
            Status = CaseStatus.Registered,
            RegisteredAt = e.At,
            IntakeReferralId = e.IntakeReferralId,
            PossibleDuplicates = [.. e.PossibleDuplicates],
        },
        CounsellingRecorded => state with { Status = CaseStatus.Counselled, Counselled = true },
        ScreeningRecorded { Eligible: true } => state with { Status = CaseStatus.Screened },
        ScreeningRecorded e => state with { Status = CaseStatus.Ineligible, StatusBeforeTermination = state.Status, EndedAt = e.At },
        RiskAssessed e => state with { RiskAssessed = true, RiskAssessment = new RiskAssessment(e.Level, e.Summary ?? "", e.At, e.By) },
        ConsentRecorded => state with { Status = CaseStatus.Consented },
        ReferralRequested e => state with
        {
            Referrals = state.Referrals.Add(new CaseReferral(e.ReferralId, e.Kind, e.To, ReferralStatus.Sent, false, e.Rule)),
            ReferralSequence = state.ReferralSequence + 1,
            Status = e.Kind == ReferralKind.ExitClearance ? CaseStatus.ClearanceRequested : state.Status,
        },
        TravelBooked e => state with { Status = CaseStatus.TravelBooked, TravelBooking = e.Booking },
        DepartureRecorded => state with { Status = CaseStatus.Departed },
        ArrivalRecorded => state with { Status = CaseStatus.Arrived },
        ReintegrationStarted => state with { Status = CaseStatus.Reintegration },
        CaseClosed e => state with { Status = CaseStatus.Closed, StatusBeforeTermination = state.Status, EndedAt = e.At },
        CaseWithdrawn e => state with
        {
            EndedAt = e.At,
            Status = CaseStatus.Withdrawn,
            StatusBeforeTermination = state.Status == CaseStatus.OnHold ? state.StatusBeforeHold : state.Status,
            StatusBeforeHold = null,
            HoldReason = null,
            TravelBooking = null,
            Referrals = [.. state.Referrals.Select(r => ReferralRules.IsOpen(r.Status) ? r with { Status = ReferralStatus.Cancelled } : r)],
        },
        CasePutOnHold e => state with { Status = CaseStatus.OnHold, StatusBeforeHold = state.Status, HoldReason = e.Reason },
        CaseResumed => state with { Status = state.StatusBeforeHold ?? CaseStatus.Registered, StatusBeforeHold = null, HoldReason = null },
        CaseReopened => state with
        {
            EndedAt = null,
            Status = CaseLifecycle.ReopenTarget(state.Status, state.StatusBeforeTermination, state.Counselled),
            StatusBeforeTermination = null,
            // Consent and clearance belonged to the return that was abandoned or refused.
            TravelBooking = state.Status is CaseStatus.Withdrawn or CaseStatus.Ineligible ? null : state.TravelBooking,
        },
        ReferralProgressed e => ApplyProgress(state, e),
        EmergencyAccessGranted e => state with { EmergencyAccess = state.EmergencyAccess.Add(new EmergencyAccessGrant(e.By, e.Office, e.Reason, e.At, e.Until, Active: false)) },
        PersonalDataErased e => state with
        {
            Registration = null,
            HoldReason = null,
            RiskAssessment = null,
            TravelBooking = null,
            Erasure = new CaseErasure("", e.At, e.By, e.Reason),
        },
        CaseEscalated or SubscriberNotified => state,
        CaseFlaggedForReview e => state with { ReviewFlags = state.ReviewFlags.Add(e.Reason) },
        PossibleDuplicateFound e => state with { PossibleDuplicates = [.. state.PossibleDuplicates.Append(e.OtherCaseNumber).Distinct().Order(StringComparer.Ordinal)] },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Not a case event."),
    };

    /// <summary>
    /// Moves the case's view of a referral on, and applies what reaching that point means. Reaching
    /// Accepted or Completed means accepted, whether or not Accepted was heard on the way.
    /// </summary>
    private static CaseState ApplyProgress(CaseState state, ReferralProgressed e)
    {
        var index = state.Referrals.FindIndex(r => r.ReferralId == e.ReferralId);
        if (index < 0)
        {
            return state;
        }
        var known = state.Referrals[index];
        var next = state with { Referrals = state.Referrals.SetItem(index, known with { Status = e.Status, Overdue = known.Overdue || e.Overdue }) };
        var accepted = ReferralRules.ReachedAcceptance(e.Status) && !ReferralRules.ReachedAcceptance(known.Status);
        var completed = e.Status == ReferralStatus.Completed && known.Status != ReferralStatus.Completed;
        var refused = e.Status is ReferralStatus.Declined or ReferralStatus.Cancelled && known.Status != e.Status;

        // While on hold, the outcome applies to the status the case will resume at.
        var status = next.Status == CaseStatus.OnHold ? next.StatusBeforeHold : next.Status;
        switch (e.Kind)
        {
            case ReferralKind.ExitClearance when accepted && status == CaseStatus.ClearanceRequested:
                status = CaseStatus.Cleared;
                break;
            case ReferralKind.ExitClearance when refused && status is CaseStatus.ClearanceRequested or CaseStatus.Cleared:
                status = CaseStatus.Consented; // clearance must be asked for again
                break;
            case ReferralKind.TravelDocument when completed:
                next = next with { TravelDocumentIssued = true };
                break;
            case ReferralKind.ChildProtection when accepted:
                next = next with { ChildProtectionAccepted = true };
                break;
            case ReferralKind.Transfer when accepted && !CaseLifecycle.Terminal.Contains(next.Status):
                next = next with { OfficeCode = known.To };
                break;
        }
        return next.Status == CaseStatus.OnHold
            ? next with { StatusBeforeHold = status }
            : next with { Status = status ?? next.Status };
    }

}

/// <summary>A case's non-personal state after an event, stored with the event for projections.</summary>
public sealed record CaseSummary(string OfficeCode, CaseStatus Status, int OpenReferrals, int OverdueReferrals);
