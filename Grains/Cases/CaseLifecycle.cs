using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Referrals;
using static Coordination.Grains.Interfaces.Cases.CaseAction;
using static Coordination.Grains.Interfaces.Cases.CaseStatus;

namespace Coordination.Grains.Cases;

/// <summary>
/// The AVR case lifecycle as pure rules: which status allows which action, the guards that
/// protect migrants, and where each action leads. The case grain asks these rules and does
/// nothing they refuse.
/// </summary>
public static class CaseLifecycle
{
    /// <summary>Statuses that only a supervisor's reopen leaves.</summary>
    public static readonly IReadOnlySet<CaseStatus> Terminal = new HashSet<CaseStatus> { Closed, Ineligible, Withdrawn };

    /// <summary>Statuses in which the migrant is still in Mexico and the return is being prepared.</summary>
    public static readonly IReadOnlySet<CaseStatus> BeforeDeparture =
        new HashSet<CaseStatus> { Registered, Counselled, Screened, Consented, ClearanceRequested, Cleared, CaseStatus.TravelBooked };

    /// <summary>Whether the status, on its own, allows the action (guards come on top).</summary>
    public static bool StatusAllows(CaseStatus status, CaseAction action) => action switch
    {
        RecordCounselling => status == Registered,
        RecordScreening => status == Counselled,
        RecordConsent => status == Screened,
        RequestExitClearance => status == Consented,
        BookTravel => status == Cleared,
        RecordDeparture => status == CaseStatus.TravelBooked,
        RecordArrival => status == Departed,
        StartReintegration => status == Arrived,
        Close => status is Arrived or Reintegration,
        RecordRiskAssessment or ReferForProtection => BeforeDeparture.Contains(status),
        RequestTravelDocument or ReferForChildProtection or RequestTransfer => BeforeDeparture.Contains(status) && status != CaseStatus.TravelBooked,
        Withdraw => BeforeDeparture.Contains(status) || status == OnHold,
        PutOnHold => BeforeDeparture.Contains(status),
        Resume => status == OnHold,
        Reopen => Terminal.Contains(status),
        _ => false,
    };

    /// <summary>Why a guard refuses the action in these circumstances, or null when it may go ahead.</summary>
    public static string? GuardRefusal(CaseFacts facts, CaseAction action, StaffRole role) => action switch
    {
        RecordConsent when facts.Has(VulnerabilityFlag.UnaccompaniedMinor) && !facts.ChildProtectionAccepted =>
            "an unaccompanied minor needs DIF to accept a ChildProtection referral before consent counts (Ley de Migracion, art. 112)",
        RecordConsent when (facts.Has(VulnerabilityFlag.TraffickingVictim) || facts.Has(VulnerabilityFlag.KidnappingVictim)) && !facts.RiskAssessed =>
            "a victim of trafficking or kidnapping needs a recorded risk assessment before consent",
        BookTravel when !facts.TravelDocumentReady =>
            "booking travel needs a travel document: a valid passport, or a completed TravelDocument referral to the consulate",
        RequestTravelDocument when facts.TravelDocumentReady => "a travel document is already ready",
        RequestTravelDocument when facts.HasOpen(ReferralKind.TravelDocument) => "a TravelDocument referral is already open",
        ReferForChildProtection when !facts.IsMinor && !facts.Has(VulnerabilityFlag.UnaccompaniedMinor) && !facts.Has(VulnerabilityFlag.SeparatedChild) =>
            "child protection referrals are for minors",
        ReferForChildProtection when facts.ChildProtectionAccepted => "DIF has already accepted child protection",
        ReferForChildProtection when facts.HasOpen(ReferralKind.ChildProtection) => "a ChildProtection referral is already open",
        ReferForProtection when facts.HasOpen(ReferralKind.Protection) => "a Protection referral is already open",
        RequestTransfer when facts.HasOpen(ReferralKind.Transfer) => "a transfer is already open",
        Reopen when role != StaffRole.Supervisor => "only a supervisor may reopen a case",
        _ => null,
    };

    /// <summary>Why the action is refused now (status or guard), or null when it is allowed.</summary>
    public static string? Refusal(CaseFacts facts, CaseAction action, StaffRole role) =>
        StatusAllows(facts.Status, action)
            ? GuardRefusal(facts, action, role)
            : $"a {facts.Status} case does not allow {action}";

    /// <summary>Every action allowed now, in the order of the lifecycle.</summary>
    public static IReadOnlyList<CaseAction> AllowedActions(CaseFacts facts, StaffRole role) =>
        [.. Enum.GetValues<CaseAction>().Where(a => Refusal(facts, a, role) is null)];

    /// <summary>The status an action leads to from <paramref name="status"/> (the same when it only records something).</summary>
    public static CaseStatus Target(CaseStatus status, CaseAction action) => action switch
    {
        RecordCounselling => Counselled,
        RecordConsent => Consented,
        RequestExitClearance => ClearanceRequested,
        BookTravel => CaseStatus.TravelBooked,
        RecordDeparture => Departed,
        RecordArrival => Arrived,
        StartReintegration => Reintegration,
        Close => Closed,
        Withdraw => Withdrawn,
        PutOnHold => OnHold,
        _ => status,
    };

    /// <summary>
    /// Where a reopened case resumes. An ineligible case goes back to screening; a withdrawn one to
    /// counselling (its consent and referrals were cancelled); a closed one after its return to
    /// reintegration.
    /// </summary>
    public static CaseStatus ReopenTarget(CaseStatus terminal, CaseStatus? before, bool counselled) => terminal switch
    {
        Closed when before is Arrived or Reintegration => Reintegration,
        _ when counselled => Counselled,
        _ => Registered,
    };
}
