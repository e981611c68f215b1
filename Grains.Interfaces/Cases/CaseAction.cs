namespace Coordination.Grains.Interfaces.Cases;

/// <summary>What a caller can ask a case to do; each has its own method on <see cref="ICaseGrain"/>.</summary>
public enum CaseAction
{
    RecordCounselling = 0,
    RecordScreening = 1,
    RecordRiskAssessment = 2,
    RecordConsent = 3,
    RequestExitClearance = 4,
    RequestTravelDocument = 5,
    ReferForChildProtection = 6,
    ReferForProtection = 7,
    RequestTransfer = 8,
    BookTravel = 9,
    RecordDeparture = 10,
    RecordArrival = 11,
    StartReintegration = 12,
    Close = 13,
    Withdraw = 14,
    PutOnHold = 15,
    Resume = 16,
    Reopen = 17,
}
