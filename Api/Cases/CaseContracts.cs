using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Coordination.Api.Hosting;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.ReferenceData;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Api.Cases;

// The attributes declare in the OpenAPI document what RegisterCaseRequestMapper and
// CaseRegistrationRules enforce, with the rules' own constants; they are not a second validation.

/// <summary>An identity document as sent by a caseworker app.</summary>
public sealed record IdentityDocumentRequest(
    [property: Description("Passport, NationalIdentityCard, BirthCertificate, ConsularCard, TravelDocument or Other.")]
    [property: Required] DocumentType? Type,
    [property: Description("The document number as printed: letters, digits, spaces, '-' and '/' (stored in upper case).")]
    [property: Required, MinLength(1), MaxLength(CaseRegistrationRules.MaxDocumentNumberLength), RegularExpression(CaseRegistrationRules.DocumentNumberPattern)] string? Number,
    [property: Description("ISO 3166-1 alpha-3 code of the issuing country, e.g. HND (any letter case).")]
    [property: Required, RegularExpression(Countries.CodePattern)] string? IssuingCountry,
    [property: Description("Expiry date (yyyy-MM-dd), if the document has one; 1900 or later.")]
    [property: RegularExpression(CaseRegistrationRules.DateFromOldestYearPattern)] DateOnly? ExpiresOn = null);

/// <summary>Registers a migrant's case at an office.</summary>
public sealed record RegisterCaseRequest(
    [property: Description("The registering office: MEX, TAP, TUX, CJS or ACA.")]
    [property: Required, RegularExpression(OfficeCodes.Pattern)] string? OfficeCode,
    [property: Description("Given names, as the migrant states them (runs of spaces become one).")]
    [property: Required, MinLength(1), MaxLength(CaseRegistrationRules.MaxNameLength), RegularExpression(CaseRegistrationRules.NamePattern)] string? GivenNames,
    [property: Description("Family names, as the migrant states them (runs of spaces become one).")]
    [property: Required, MinLength(1), MaxLength(CaseRegistrationRules.MaxNameLength), RegularExpression(CaseRegistrationRules.NamePattern)] string? FamilyNames,
    [property: Description("Female, Male, Other or Unknown.")]
    [property: Required] Sex? Sex,
    [property: Description("Date of birth (yyyy-MM-dd): 1900 or later, not in the future.")]
    [property: Required, RegularExpression(CaseRegistrationRules.DateFromOldestYearPattern)] DateOnly? BirthDate,
    [property: Description("ISO 3166-1 alpha-3 code of the nationality, e.g. HND, GTM, SLV, VEN (any letter case; stored upper case).")]
    [property: Required, RegularExpression(Countries.CodePattern)] string? Nationality,
    [property: Description("Spoken languages as ISO 639-1 or 639-3 codes, e.g. es, mam, ht (any letter case; stored lower case, repeats dropped).")]
    [property: Required, MinLength(1), MaxLength(CaseRegistrationRules.MaxLanguages), ItemPattern(Languages.CodePattern)] IReadOnlyList<string>? Languages,
    [property: Description("An identity document, if the migrant has one.")] IdentityDocumentRequest? Document = null,
    [property: Description("Vulnerability flags, e.g. UnaccompaniedMinor, TraffickingVictim.")] IReadOnlyList<VulnerabilityFlag>? Vulnerabilities = null);

/// <summary>The migrant an intake refers: registration data as for a case, without the office (the intake names it).</summary>
public sealed record IntakeMigrantRequest(
    [property: Description("Given names, as the migrant states them (runs of spaces become one).")]
    [property: Required, MinLength(1), MaxLength(CaseRegistrationRules.MaxNameLength), RegularExpression(CaseRegistrationRules.NamePattern)] string? GivenNames,
    [property: Description("Family names, as the migrant states them (runs of spaces become one).")]
    [property: Required, MinLength(1), MaxLength(CaseRegistrationRules.MaxNameLength), RegularExpression(CaseRegistrationRules.NamePattern)] string? FamilyNames,
    [property: Description("Female, Male, Other or Unknown.")]
    [property: Required] Sex? Sex,
    [property: Description("Date of birth (yyyy-MM-dd): 1900 or later, not in the future.")]
    [property: Required, RegularExpression(CaseRegistrationRules.DateFromOldestYearPattern)] DateOnly? BirthDate,
    [property: Description("ISO 3166-1 alpha-3 code of the nationality, e.g. HND, GTM (any letter case; stored upper case).")]
    [property: Required, RegularExpression(Countries.CodePattern)] string? Nationality,
    [property: Description("Spoken languages as ISO 639-1 or 639-3 codes, e.g. es, mam (any letter case; stored lower case, repeats dropped).")]
    [property: Required, MinLength(1), MaxLength(CaseRegistrationRules.MaxLanguages), ItemPattern(Languages.CodePattern)] IReadOnlyList<string>? Languages,
    [property: Description("An identity document, if the migrant has one.")] IdentityDocumentRequest? Document = null,
    [property: Description("Vulnerability flags, e.g. UnaccompaniedMinor, TraffickingVictim.")] IReadOnlyList<VulnerabilityFlag>? Vulnerabilities = null)
{
    /// <summary>The same data as a registration at <paramref name="officeCode"/>, checked by the same rules.</summary>
    public RegisterCaseRequest At(string officeCode) =>
        new(officeCode, GivenNames, FamilyNames, Sex, BirthDate, Nationality, Languages, Document, Vulnerabilities);
}

/// <summary>An identity document on a case.</summary>
public sealed record IdentityDocumentResponse(DocumentType Type, string Number, string IssuingCountry, DateOnly? ExpiresOn);

/// <summary>A referral as the case lists it.</summary>
public sealed record CaseReferralResponse(string ReferralId, ReferralKind Kind, string To, ReferralStatus Status, bool Overdue,
    [property: Description("The referral workflow rule that opened it, if a rule did.")] string? OpenedByRule = null);

/// <summary>A registered case.</summary>
public sealed record CaseResponse(
    [property: Description("The case number, e.g. ACA-2026-000123.")] string CaseNumber,
    [property: Description("The office with custody of the case.")] string OfficeCode,
    CaseStatus Status,
    DateTimeOffset RegisteredAt,
    [property: Description("Increments with every change of the case; also sent as the ETag.")] int Version,
    string GivenNames,
    string FamilyNames,
    Sex Sex,
    DateOnly BirthDate,
    string Nationality,
    IReadOnlyList<string> Languages,
    IdentityDocumentResponse? Document,
    IReadOnlyList<VulnerabilityFlag> Vulnerabilities,
    [property: Description("While on hold: the status resuming returns to.")] CaseStatus? StatusBeforeHold,
    string? HoldReason,
    RiskAssessment? RiskAssessment,
    bool ChildProtectionAccepted,
    bool TravelDocumentReady,
    TravelBooking? TravelBooking,
    IReadOnlyList<CaseReferralResponse> Referrals,
    [property: Description("Cases at any office that look like the same person.")] IReadOnlyList<string> PossibleDuplicates,
    [property: Description("What may be done to the case now.")] IReadOnlyList<CaseAction> AllowedActions,
    [property: Description("The case's personal data was erased (names, birth date, documents and free text read \"[erased]\" or are empty).")] bool PersonalDataErased,
    [property: Description("Every break-glass access to the case by a supervisor of another office: who, from which office, why, and until when.")]
    IReadOnlyList<EmergencyAccessResponse> EmergencyAccess)
{
    public static CaseResponse From(CaseSnapshot snapshot)
    {
        var registration = snapshot.Registration;
        return new CaseResponse(
            snapshot.CaseNumber.ToString(),
            snapshot.OfficeCode,
            snapshot.Status,
            snapshot.RegisteredAt,
            snapshot.Version,
            registration.GivenNames,
            registration.FamilyNames,
            registration.Sex,
            registration.BirthDate,
            registration.Nationality,
            registration.Languages,
            registration.Document is { } d ? new IdentityDocumentResponse(d.Type, d.Number, d.IssuingCountry, d.ExpiresOn) : null,
            registration.Vulnerabilities,
            snapshot.StatusBeforeHold,
            snapshot.HoldReason,
            snapshot.RiskAssessment,
            snapshot.ChildProtectionAccepted,
            snapshot.TravelDocumentReady,
            snapshot.TravelBooking,
            [.. snapshot.Referrals.Select(r => new CaseReferralResponse(r.ReferralId, r.Kind, r.To, r.Status, r.Overdue, r.OpenedByRule))],
            snapshot.PossibleDuplicates,
            snapshot.AllowedActions,
            snapshot.PersonalDataErased,
            [.. snapshot.EmergencyAccess.Select(g => EmergencyAccessResponse.Of(snapshot.CaseNumber.ToString(), g))]);
    }
}

/// <summary>A break-glass access to a case.</summary>
public sealed record EmergencyAccessResponse(
    string CaseNumber,
    [property: Description("The supervisor who broke the glass.")] string GrantedTo,
    [property: Description("That supervisor's office.")] string Office,
    [property: Description("Why, as they gave it.")] string Reason,
    DateTimeOffset GrantedAt,
    DateTimeOffset ExpiresAt,
    [property: Description("Whether the access had not ended when this was read.")] bool Active)
{
    public static EmergencyAccessResponse Of(string caseNumber, EmergencyAccessGrant grant) =>
        new(caseNumber, grant.GrantedTo, grant.Office, grant.Reason, grant.GrantedAt, grant.ExpiresAt, grant.Active);
}

/// <summary>The erasure of a case's personal data.</summary>
public sealed record CaseErasureResponse(string CaseNumber, DateTimeOffset ErasedAt, string ErasedBy, string Reason)
{
    public static CaseErasureResponse Of(CaseErasure erasure) => new(erasure.CaseNumber, erasure.ErasedAt, erasure.ErasedBy, erasure.Reason);
}

/// <summary>One change of a case.</summary>
public sealed record CaseHistoryResponse(DateTimeOffset At, string Actor, string Event, CaseStatus From, CaseStatus To, string? Reason, int Version);
