using System.ComponentModel;
using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Api.Cases;

/// <summary>Notes of a counselling session.</summary>
public sealed record CounsellingRequest([property: Description("What the migrant was told and asked.")] string? Notes);

/// <summary>The result of eligibility screening.</summary>
public sealed record ScreeningRequest(
    [property: Description("True when the migrant is eligible for assisted return.")] bool? Eligible,
    [property: Description("Required when not eligible.")] string? Reason);

/// <summary>A risk assessment.</summary>
public sealed record RiskAssessmentRequest(RiskLevel? Level, [property: Description("What the risk is.")] string? Summary);

/// <summary>Whether the migrant consents to share their data with the referral's recipient.</summary>
public sealed record ReferralConsentRequest(
    [property: Description("The migrant consented to share with this recipient.")] bool? ConsentGiven,
    [property: Description("A supervisor's reason to send without consent.")] string? OverrideReason);

/// <summary>A protection referral to CNDH or another configured protection authority.</summary>
public sealed record ProtectionReferralRequest(
    [property: Description("The authority code, e.g. CNDH.")] string? Recipient,
    bool? ConsentGiven,
    string? OverrideReason);

/// <summary>Asks another office to take the case.</summary>
public sealed record TransferRequest([property: Description("MEX, TAP, TUX, CJS or ACA.")] string? ToOfficeCode, string? Reason);

/// <summary>The booked journey.</summary>
public sealed record TravelBookingRequest(DateOnly? DepartureDate, string? Carrier, string? Itinerary, string? Destination);

/// <summary>A reason, where the action needs or takes one.</summary>
public sealed record ReasonRequest(string? Reason);
