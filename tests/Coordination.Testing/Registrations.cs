using System.Collections.Immutable;
using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Testing;

/// <summary>Builds registration data for tests: valid unless a test says otherwise.</summary>
public static class Registrations
{
    /// <summary>A Honduran woman with a passport, speaking Spanish; names made unique per call.</summary>
    public static CaseRegistration Valid(string? givenNames = null) => new(
        GivenNames: givenNames ?? $"Maria {Unique()}",
        FamilyNames: "Lopez Hernandez",
        Sex: Sex.Female,
        BirthDate: new DateOnly(1994, 3, 2),
        Nationality: "HND",
        Languages: ["es"],
        Document: new IdentityDocument(DocumentType.Passport, $"E{Random.Shared.Next(1_000_000, 9_999_999)}", "HND", new DateOnly(2031, 1, 31)),
        Vulnerabilities: ImmutableArray<VulnerabilityFlag>.Empty);

    /// <summary>An unaccompanied Guatemalan boy without documents, speaking Mam and Spanish.</summary>
    public static CaseRegistration UnaccompaniedMinor() => new(
        GivenNames: $"Juan {Unique()}",
        FamilyNames: "Perez",
        Sex: Sex.Male,
        BirthDate: DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-15),
        Nationality: "GTM",
        Languages: ["mam", "es"],
        Document: null,
        Vulnerabilities: [VulnerabilityFlag.UnaccompaniedMinor]);

    /// <summary>A Honduran girl of sixteen travelling with her mother, without documents.</summary>
    public static CaseRegistration AccompaniedMinorWithoutDocuments() => new(
        GivenNames: $"Ana {Unique()}",
        FamilyNames: "Martinez",
        Sex: Sex.Female,
        BirthDate: DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-16),
        Nationality: "HND",
        Languages: ["es"],
        Document: null,
        Vulnerabilities: []);

    /// <summary>A Salvadoran man who was kidnapped on the route, with his passport.</summary>
    public static CaseRegistration KidnappingVictim() => Valid() with
    {
        GivenNames = $"Jose {Unique()}",
        Sex = Sex.Male,
        Nationality = "SLV",
        Document = new IdentityDocument(DocumentType.Passport, $"A{Random.Shared.Next(1_000_000, 9_999_999)}", "SLV", new DateOnly(2030, 6, 30)),
        Vulnerabilities = [VulnerabilityFlag.KidnappingVictim],
    };

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];
}
