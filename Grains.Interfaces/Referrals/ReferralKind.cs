namespace Coordination.Grains.Interfaces.Referrals;

/// <summary>The handshakes a case has with its counterparts.</summary>
public enum ReferralKind
{
    /// <summary>Office to INM: permission for the migrant to leave Mexico.</summary>
    ExitClearance = 0,

    /// <summary>Office to the consulate of the nationality: a travel document.</summary>
    TravelDocument = 1,

    /// <summary>Office to DIF: child protection and a best-interest determination.</summary>
    ChildProtection = 2,

    /// <summary>Office to CNDH or a shelter: protection for a victim.</summary>
    Protection = 3,

    /// <summary>Office to office: custody of the case moves on acceptance.</summary>
    Transfer = 4,

    /// <summary>INM to an office: a migrant at a migration station asks to return.</summary>
    Intake = 5,
}
