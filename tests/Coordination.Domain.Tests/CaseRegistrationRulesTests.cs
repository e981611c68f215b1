using System.Collections.Immutable;
using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Domain.Tests;

public sealed class CaseRegistrationRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    private static CaseRegistration Valid() => new(
        "Maria Jose", "Lopez Hernandez", Sex.Female, new DateOnly(1994, 3, 2), "HND", ["es"],
        new IdentityDocument(DocumentType.Passport, "E1234567", "HND", new DateOnly(2031, 1, 31)), []);

    private static IReadOnlyDictionary<string, string[]> Check(CaseRegistration registration) =>
        CaseRegistrationRules.Validate(CaseRegistrationRules.Normalize(registration), Today);

    [Fact]
    public void A_complete_registration_has_no_errors()
    {
        Assert.Empty(Check(Valid()));
    }

    [Fact]
    public void A_migrant_without_documents_can_be_registered()
    {
        Assert.Empty(Check(Valid() with { Document = null }));
    }

    [Fact]
    public void Blank_names_are_named_as_missing()
    {
        var errors = Check(Valid() with { GivenNames = "  ", FamilyNames = "" });

        Assert.Equal(["familyNames", "givenNames"], errors.Keys.Order());
    }

    [Fact]
    public void A_birth_date_after_today_is_refused_and_today_is_accepted()
    {
        Assert.Contains("birthDate", Check(Valid() with { BirthDate = Today.AddDays(1) }).Keys);
        Assert.Empty(Check(Valid() with { BirthDate = Today }));
    }

    [Fact]
    public void Nationality_must_be_an_iso_alpha3_country()
    {
        Assert.Contains("nationality", Check(Valid() with { Nationality = "XXX" }).Keys);
        Assert.Contains("nationality", Check(Valid() with { Nationality = "HN" }).Keys);
        Assert.Empty(Check(Valid() with { Nationality = "ven" }));
    }

    [Fact]
    public void Languages_are_iso_639_codes_including_mayan_languages()
    {
        Assert.Empty(Check(Valid() with { Languages = ["es", "mam", "quc", "ht"] }));
        Assert.Equal(["languages[1]"], Check(Valid() with { Languages = ["es", "klingon"] }).Keys);
        Assert.Equal(["languages"], Check(Valid() with { Languages = [] }).Keys);
    }

    [Fact]
    public void A_recorded_document_needs_a_number_and_a_known_issuer()
    {
        var errors = Check(Valid() with { Document = new IdentityDocument(DocumentType.Passport, " ", "ZZZ", null) });

        Assert.Equal(["document.issuingCountry", "document.number"], errors.Keys.Order());
    }

    [Fact]
    public void Undefined_enum_values_are_refused()
    {
        var errors = Check(Valid() with { Sex = (Sex)42, Vulnerabilities = [(VulnerabilityFlag)99] });

        Assert.Equal(["sex", "vulnerabilities"], errors.Keys.Order());
    }

    [Fact]
    public void Normalising_tidies_names_and_canonicalises_codes()
    {
        var normalized = CaseRegistrationRules.Normalize(Valid() with
        {
            GivenNames = "  Maria   Jose ",
            Nationality = " hnd",
            Languages = ["ES", "es", " Mam "],
            Document = new IdentityDocument(DocumentType.Passport, " e123 ", "hnd", null),
            Vulnerabilities = [VulnerabilityFlag.Pregnant, VulnerabilityFlag.TraffickingVictim, VulnerabilityFlag.Pregnant],
        });

        Assert.Equal("Maria Jose", normalized.GivenNames);
        Assert.Equal("HND", normalized.Nationality);
        Assert.Equal(["es", "mam"], normalized.Languages.ToArray());
        Assert.Equal("E123", normalized.Document!.Number);
        Assert.Equal("HND", normalized.Document.IssuingCountry);
        Assert.Equal([VulnerabilityFlag.TraffickingVictim, VulnerabilityFlag.Pregnant], normalized.Vulnerabilities.ToArray());
    }

    [Fact]
    public void Default_arrays_are_treated_as_empty_not_as_a_crash()
    {
        var errors = Check(Valid() with { Languages = default, Vulnerabilities = default });

        Assert.Equal(["languages"], errors.Keys);
    }
}
