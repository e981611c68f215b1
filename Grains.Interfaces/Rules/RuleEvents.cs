namespace Coordination.Grains.Interfaces.Rules;

/// <summary>The events rules can be triggered by: every case event by its name, and a referral becoming overdue.</summary>
public static class RuleEvents
{
    /// <summary>A referral's SLA passed and it escalated (an event of the referral, about its case).</summary>
    public const string ReferralOverdue = "ReferralOverdue";

    public static readonly IReadOnlyList<string> All =
    [
        "CaseRegistered", "CounsellingRecorded", "ScreeningRecorded", "RiskAssessed", "ConsentRecorded", "ReferralRequested", "TravelBooked",
        "DepartureRecorded", "ArrivalRecorded", "ReintegrationStarted", "CaseClosed", "CaseWithdrawn", "CasePutOnHold", "CaseResumed",
        "CaseReopened", "ReferralProgressed", "PossibleDuplicateFound", "CaseEscalated", "SubscriberNotified", "CaseFlaggedForReview",
        "EmergencyAccessGranted", "PersonalDataErased",
        ReferralOverdue,
    ];
}
