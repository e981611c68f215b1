namespace Coordination.Grains.Interfaces.Cases;

/// <summary>
/// Where a case stands in the assisted voluntary return lifecycle:
/// information, decision, preparation, return, reintegration.
/// </summary>
public enum CaseStatus
{
    /// <summary>Registered at an office; nothing else has happened yet.</summary>
    Registered = 0,

    /// <summary>The migrant has been informed about return and its alternatives.</summary>
    Counselled = 1,

    /// <summary>Screened and found eligible for assisted return.</summary>
    Screened = 2,

    /// <summary>The migrant's informed consent to return is recorded.</summary>
    Consented = 3,

    /// <summary>Exit clearance has been asked of INM.</summary>
    ClearanceRequested = 4,

    /// <summary>INM accepted the exit clearance.</summary>
    Cleared = 5,

    /// <summary>Travel is booked.</summary>
    TravelBooked = 6,

    /// <summary>The migrant left Mexico.</summary>
    Departed = 7,

    /// <summary>The migrant arrived in the country of origin.</summary>
    Arrived = 8,

    /// <summary>Reintegration support in the country of origin is under way.</summary>
    Reintegration = 9,

    /// <summary>The case is finished (terminal).</summary>
    Closed = 10,

    /// <summary>Screened and found not eligible (terminal).</summary>
    Ineligible = 11,

    /// <summary>The migrant withdrew from return (terminal).</summary>
    Withdrawn = 12,

    /// <summary>Paused with a reason (medical, missing documents); resuming returns to the prior status.</summary>
    OnHold = 13,
}
