using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Offices;

namespace Coordination.Api.Cases;

// The attributes declare in the OpenAPI document what the API and the case grain enforce (the
// constants are the ones their checks use); they are not a second validation.

/// <summary>Notes of a counselling session.</summary>
public sealed record CounsellingRequest(
    [property: Description("What the migrant was told and asked.")]
    [property: MaxLength(TextRules.MaxFreeText), RegularExpression(TextRules.FreeTextPattern)] string? Notes = null);

/// <summary>The result of eligibility screening.</summary>
public sealed record ScreeningRequest(
    [property: Description("True when the migrant is eligible for assisted return.")]
    [property: Required] bool? Eligible,
    [property: Description("Why the migrant is not eligible: required when eligible is false.")]
    [property: MaxLength(TextRules.MaxFreeText), RegularExpression(TextRules.FreeTextPattern)] string? Reason = null);

/// <summary>A risk assessment.</summary>
public sealed record RiskAssessmentRequest(
    [property: Required] RiskLevel? Level,
    [property: Description("What the risk is.")]
    [property: Required, MinLength(1), MaxLength(TextRules.MaxFreeText), RegularExpression(TextRules.FreeTextPattern)] string? Summary);

/// <summary>Whether the migrant consents to share their data with the referral's recipient.</summary>
public sealed record ReferralConsentRequest(
    [property: Description("The migrant consented to share with this recipient. Sending without consent is a supervisor's decision.")]
    [property: Required] bool? ConsentGiven,
    [property: Description("A supervisor's reason to send without consent: required when consentGiven is false.")]
    [property: MaxLength(TextRules.MaxFreeText), RegularExpression(TextRules.FreeTextPattern)] string? OverrideReason = null);

/// <summary>A protection referral to CNDH or another configured protection authority.</summary>
public sealed record ProtectionReferralRequest(
    [property: Description("The code of a configured protection authority, e.g. CNDH.")]
    [property: Required, RegularExpression(AuthorityCodes.Pattern)] string? Recipient,
    [property: Description("The migrant consented to share with this recipient. Sending without consent is a supervisor's decision.")]
    [property: Required] bool? ConsentGiven,
    [property: Description("A supervisor's reason to send without consent: required when consentGiven is false.")]
    [property: MaxLength(TextRules.MaxFreeText), RegularExpression(TextRules.FreeTextPattern)] string? OverrideReason = null);

/// <summary>Asks another office to take the case.</summary>
public sealed record TransferRequest(
    [property: Description("The receiving office: MEX, TAP, TUX, CJS or ACA.")]
    [property: Required, RegularExpression(OfficeCodes.Pattern)] string? ToOfficeCode,
    [property: Description("Why the case moves.")]
    [property: Required, MinLength(1), MaxLength(TextRules.MaxFreeText), RegularExpression(TextRules.FreeTextPattern)] string? Reason);

/// <summary>The booked journey.</summary>
public sealed record TravelBookingRequest(
    [property: Description("The day of departure (yyyy-MM-dd).")]
    [property: Required] DateOnly? DepartureDate,
    [property: Required, MinLength(1), MaxLength(TextRules.MaxShortText), RegularExpression(TextRules.ShortTextPattern)] string? Carrier,
    [property: Description("Flights or routes, e.g. MEX-SAP AM 0123.")]
    [property: MaxLength(TextRules.MaxShortText), RegularExpression(TextRules.ShortTextPattern)] string? Itinerary,
    [property: Description("Where the migrant travels to.")]
    [property: Required, MinLength(1), MaxLength(TextRules.MaxShortText), RegularExpression(TextRules.ShortTextPattern)] string? Destination);

/// <summary>A reason, where the action takes one (closure).</summary>
public sealed record ReasonRequest(
    [property: MaxLength(TextRules.MaxFreeText), RegularExpression(TextRules.FreeTextPattern)] string? Reason = null);

/// <summary>A reason, where the action needs one (withdrawal, hold, reopening).</summary>
public sealed record RequiredReasonRequest(
    [property: Required, MinLength(1), MaxLength(TextRules.MaxFreeText), RegularExpression(TextRules.FreeTextPattern)] string? Reason);
