using System.ComponentModel;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Api.Cases;

/// <summary>An identity document as sent by a caseworker app.</summary>
public sealed record IdentityDocumentRequest(
    [property: Description("Passport, NationalIdentityCard, BirthCertificate, ConsularCard, TravelDocument or Other.")] DocumentType? Type,
    [property: Description("The document number as printed.")] string? Number,
    [property: Description("ISO 3166-1 alpha-3 code of the issuing country, e.g. HND.")] string? IssuingCountry,
    [property: Description("Expiry date (yyyy-MM-dd), if the document has one.")] DateOnly? ExpiresOn);

/// <summary>Registers a migrant's case at an office.</summary>
public sealed record RegisterCaseRequest(
    [property: Description("The registering office: MEX, TAP, TUX, CJS or ACA.")] string? OfficeCode,
    [property: Description("Given names, as the migrant states them.")] string? GivenNames,
    [property: Description("Family names, as the migrant states them.")] string? FamilyNames,
    [property: Description("Female, Male, Other or Unknown.")] Sex? Sex,
    [property: Description("Date of birth (yyyy-MM-dd); not in the future.")] DateOnly? BirthDate,
    [property: Description("ISO 3166-1 alpha-3 code of the nationality, e.g. HND, GTM, SLV, VEN.")] string? Nationality,
    [property: Description("Spoken languages as ISO 639-1 or 639-3 codes, e.g. es, mam, ht.")] IReadOnlyList<string>? Languages,
    [property: Description("An identity document, if the migrant has one.")] IdentityDocumentRequest? Document,
    [property: Description("Vulnerability flags, e.g. UnaccompaniedMinor, TraffickingVictim.")] IReadOnlyList<VulnerabilityFlag>? Vulnerabilities);

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
    [property: Description("What may be done to the case now.")] IReadOnlyList<CaseAction> AllowedActions)
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
            snapshot.AllowedActions);
    }
}

/// <summary>One change of a case.</summary>
public sealed record CaseHistoryResponse(DateTimeOffset At, string Actor, string Event, CaseStatus From, CaseStatus To, string? Reason, int Version);
