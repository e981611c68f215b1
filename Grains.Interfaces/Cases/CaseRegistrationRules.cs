using System.Collections.Immutable;
using Coordination.Grains.Interfaces.ReferenceData;

namespace Coordination.Grains.Interfaces.Cases;

/// <summary>
/// What makes registration data acceptable. The API runs these rules to answer a caseworker with
/// every bad field at once; the case grain runs them again with its own clock before it stores
/// anything, so a client that skips the API cannot store bad data.
/// </summary>
public static class CaseRegistrationRules
{
    public const int MaxNameLength = 100;
    public const int MaxDocumentNumberLength = 40;
    public const int MaxLanguages = 10;
    public const int OldestBirthYear = 1900;

    // The same rules as ECMA-262 patterns, for the API's contract. Text is checked after surrounding
    // whitespace is trimmed (names: after runs of whitespace become one space); codes in any letter case.

    /// <summary>A name: no control characters but whitespace (tabs and line breaks become spaces).</summary>
    public const string NamePattern = "^[^\\u0000-\\u0008\\u000E-\\u001F\\u007F-\\u0084\\u0086-\\u009F]*$";

    /// <summary>A document number: ASCII letters, digits, spaces, '-' and '/'.</summary>
    public const string DocumentNumberPattern = "^[A-Za-z0-9 /-]+$";

    /// <summary>A date (yyyy-MM-dd) in <see cref="OldestBirthYear"/> or later.</summary>
    public const string DateFromOldestYearPattern = "^(?:19|[2-9][0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}$";

    /// <summary>Trims and tidies the free-text fields and canonicalises the codes.</summary>
    public static CaseRegistration Normalize(CaseRegistration registration) => registration with
    {
        GivenNames = TidyName(registration.GivenNames),
        FamilyNames = TidyName(registration.FamilyNames),
        Nationality = registration.Nationality.Trim().ToUpperInvariant(),
        Languages = registration.Languages.IsDefault
            ? []
            : [.. registration.Languages.Select(l => l.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal)],
        Document = registration.Document is { } document
            ? document with
            {
                Number = document.Number.Trim().ToUpperInvariant(),
                IssuingCountry = document.IssuingCountry.Trim().ToUpperInvariant(),
            }
            : null,
        Vulnerabilities = registration.Vulnerabilities.IsDefault
            ? []
            : [.. registration.Vulnerabilities.Distinct().Order()],
    };

    /// <summary>
    /// The problems with a normalised registration, keyed by the camelCase field name the API
    /// uses (nested fields dotted, list items indexed); empty when it is acceptable.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Validate(CaseRegistration registration, DateOnly today)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }
            list.Add(message);
        }

        CheckName(registration.GivenNames, "givenNames", Add);
        CheckName(registration.FamilyNames, "familyNames", Add);

        if (!Enum.IsDefined(registration.Sex))
        {
            Add("sex", $"Sex must be one of {string.Join(", ", Enum.GetNames<Sex>())}.");
        }

        if (registration.BirthDate > today)
        {
            Add("birthDate", $"The birth date {registration.BirthDate:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd}).");
        }
        else if (registration.BirthDate.Year < OldestBirthYear)
        {
            Add("birthDate", $"The birth date must be in {OldestBirthYear} or later.");
        }

        if (!Countries.IsKnown(registration.Nationality))
        {
            Add("nationality", $"'{registration.Nationality}' is not an ISO 3166-1 alpha-3 country code (for example HND, GTM, SLV).");
        }

        CheckLanguages(registration.Languages, Add);

        if (registration.Document is { } document)
        {
            CheckDocument(document, Add);
        }

        if (!registration.Vulnerabilities.IsDefault)
        {
            foreach (var flag in registration.Vulnerabilities.Where(f => !Enum.IsDefined(f)))
            {
                Add("vulnerabilities", $"'{flag}' is not a vulnerability flag.");
            }
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    private static string TidyName(string name) =>
        string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static void CheckName(string name, string field, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            add(field, "This name is required.");
        }
        else if (name.Length > MaxNameLength)
        {
            add(field, $"Names are at most {MaxNameLength} characters.");
        }
        else if (name.Any(char.IsControl))
        {
            add(field, "Names cannot contain control characters.");
        }
    }

    private static void CheckLanguages(ImmutableArray<string> languages, Action<string, string> add)
    {
        if (languages.IsDefaultOrEmpty)
        {
            add("languages", "At least one spoken language is required, as an ISO 639 code (for example es, en, fr, ht, mam).");
            return;
        }
        if (languages.Length > MaxLanguages)
        {
            add("languages", $"At most {MaxLanguages} languages can be recorded.");
        }
        for (var i = 0; i < languages.Length; i++)
        {
            if (!Languages.IsKnown(languages[i]))
            {
                add($"languages[{i}]", $"'{languages[i]}' is not an ISO 639-1 or ISO 639-3 language code.");
            }
        }
    }

    private static void CheckDocument(IdentityDocument document, Action<string, string> add)
    {
        if (!Enum.IsDefined(document.Type))
        {
            add("document.type", $"The document type must be one of {string.Join(", ", Enum.GetNames<DocumentType>())}.");
        }
        if (string.IsNullOrWhiteSpace(document.Number))
        {
            add("document.number", "The document number is required when a document is recorded.");
        }
        else if (document.Number.Length > MaxDocumentNumberLength || !document.Number.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or ' ' or '/'))
        {
            add("document.number", $"A document number is up to {MaxDocumentNumberLength} letters, digits, spaces, '-' or '/'.");
        }
        if (!Countries.IsKnown(document.IssuingCountry))
        {
            add("document.issuingCountry", $"'{document.IssuingCountry}' is not an ISO 3166-1 alpha-3 country code.");
        }
        if (document.ExpiresOn is { } expiresOn && expiresOn.Year < OldestBirthYear)
        {
            add("document.expiresOn", $"The expiry date must be in {OldestBirthYear} or later.");
        }
    }
}
