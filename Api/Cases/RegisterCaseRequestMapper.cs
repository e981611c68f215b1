using System.Collections.Immutable;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Offices;

namespace Coordination.Api.Cases;

/// <summary>
/// Checks that a registration request carries every required field, then applies the same
/// registration rules the case grain applies, so a caseworker hears about every bad field at once.
/// </summary>
internal static class RegisterCaseRequestMapper
{
    public static (CaseRegistration? Registration, IReadOnlyDictionary<string, string[]> Errors) Map(RegisterCaseRequest request, DateOnly today)
    {
        var missing = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Require(bool present, string field, string message)
        {
            if (!present)
            {
                missing[field] = [message];
            }
        }

        Require(!string.IsNullOrWhiteSpace(request.OfficeCode), "officeCode", "The registering office is required (MEX, TAP, TUX, CJS or ACA).");
        if (!string.IsNullOrWhiteSpace(request.OfficeCode) && !OfficeCodes.IsWellFormed(request.OfficeCode))
        {
            missing["officeCode"] = [$"'{request.OfficeCode}' is not an office code (three upper-case letters, e.g. ACA)."];
        }
        Require(request.GivenNames is not null, "givenNames", "Given names are required.");
        Require(request.FamilyNames is not null, "familyNames", "Family names are required.");
        Require(request.Sex is not null, "sex", "Sex is required (Female, Male, Other or Unknown).");
        Require(request.BirthDate is not null, "birthDate", "The birth date is required (yyyy-MM-dd).");
        Require(request.Nationality is not null, "nationality", "The nationality is required as an ISO 3166-1 alpha-3 code.");
        Require(request.Languages is not null, "languages", "At least one spoken language is required.");
        if (request.Languages is not null && request.Languages.Any(l => l is null))
        {
            missing["languages"] = ["Languages cannot contain null."];
        }
        if (request.Document is { } document)
        {
            Require(document.Type is not null, "document.type", "The document type is required when a document is recorded.");
            Require(document.Number is not null, "document.number", "The document number is required when a document is recorded.");
            Require(document.IssuingCountry is not null, "document.issuingCountry", "The issuing country is required when a document is recorded.");
        }

        // Fields that are present are checked by the domain rules even when others are missing.
        var registration = CaseRegistrationRules.Normalize(new CaseRegistration(
            request.GivenNames ?? "",
            request.FamilyNames ?? "",
            request.Sex ?? Sex.Unknown,
            request.BirthDate ?? today,
            request.Nationality ?? "",
            request.Languages is null ? [] : [.. request.Languages.Select(l => l ?? "")],
            request.Document is { } d
                ? new IdentityDocument(d.Type ?? DocumentType.Other, d.Number ?? "", d.IssuingCountry ?? "", d.ExpiresOn)
                : null,
            request.Vulnerabilities is null ? [] : request.Vulnerabilities.ToImmutableArray()));
        var errors = new Dictionary<string, string[]>(CaseRegistrationRules.Validate(registration, today), StringComparer.Ordinal);
        foreach (var (field, messages) in missing)
        {
            errors[field] = messages; // "required" says more than the rule's complaint about a placeholder
        }
        return errors.Count == 0 ? (registration, errors) : (null, errors);
    }
}
