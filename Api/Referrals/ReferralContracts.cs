using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Api.Referrals;

/// <summary>The migrant's data a referral carries: only what its kind needs.</summary>
public sealed record ReferralSubjectResponse(
    string GivenNames, string FamilyNames, DateOnly BirthDate, string Nationality, Sex? Sex,
    IdentityDocument? Document, IReadOnlyList<VulnerabilityFlag> Vulnerabilities, IReadOnlyList<string> Languages);

/// <summary>A referral or transfer.</summary>
public sealed record ReferralResponse(
    string ReferralId,
    ReferralKind Kind,
    [property: Description("The case it is about; for an intake, the case the office registered once it accepted.")] string? CaseNumber,
    [property: Description("The sender: an office code, or INM for an intake.")] string From,
    [property: Description("The counterpart: an authority code or an office code.")] string To,
    ReferralStatus Status,
    ReferralSubjectResponse Subject,
    DateTimeOffset SentAt,
    [property: Description("When the SLA passes.")] DateTimeOffset DueAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? ClosedAt,
    string? Reason,
    bool Overdue,
    IReadOnlyList<Escalation> Escalations,
    [property: Description("The migrant consented to share their data with the recipient.")] bool ConsentToShare,
    [property: Description("The supervisor who sent it without that consent.")] string? ConsentOverriddenBy,
    string? Note)
{
    public static ReferralResponse Of(ReferralSnapshot r) => new(
        r.ReferralId, r.Kind, r.CaseNumber ?? r.ResultingCaseNumber, r.From, r.To, r.Status,
        new ReferralSubjectResponse(r.Subject.GivenNames, r.Subject.FamilyNames, r.Subject.BirthDate, r.Subject.Nationality, r.Subject.Sex,
            r.Subject.Document, r.Subject.Vulnerabilities, r.Subject.Languages),
        r.SentAt, r.DueAt, r.AcknowledgedAt, r.AnsweredAt, r.ClosedAt, r.Reason, r.Overdue, r.Escalations,
        r.ConsentToShare, r.ConsentOverriddenBy, r.Note);
}

/// <summary>A reason, where the answer takes one (acceptance, cancellation).</summary>
public sealed record ReferralReasonRequest(
    [property: MaxLength(TextRules.MaxFreeText), RegularExpression(TextRules.FreeTextPattern)] string? Reason = null);

/// <summary>Why the counterpart declines.</summary>
public sealed record DeclineRequest(
    [property: Required, MinLength(1), MaxLength(TextRules.MaxFreeText), RegularExpression(TextRules.FreeTextPattern)] string? Reason);

/// <summary>INM refers a migrant at a migration station who asks to return to an office.</summary>
public sealed record IntakeRequest(
    [property: Description("The receiving office: MEX, TAP, TUX, CJS or ACA.")]
    [property: Required, RegularExpression(OfficeCodes.Pattern)] string? OfficeCode,
    [property: Description("The migrant's registration data.")]
    [property: Required] Cases.IntakeMigrantRequest? Migrant,
    [property: Description("The migrant consents to share their data with IOM: an intake is sent only with it.")]
    [property: Required, AllowedValues(true)] bool? ConsentGiven,
    [property: Description("What the office should know, e.g. the migration station.")]
    [property: MaxLength(TextRules.MaxFreeText), RegularExpression(TextRules.FreeTextPattern)] string? Note = null);
