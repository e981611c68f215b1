using System.Collections.Immutable;

namespace Coordination.Grains.Interfaces.Cases;

/// <summary>The data a caseworker records when registering a migrant at an office.</summary>
/// <param name="GivenNames">Given names, as the migrant states them.</param>
/// <param name="FamilyNames">Family names, as the migrant states them.</param>
/// <param name="Sex">Sex as recorded.</param>
/// <param name="BirthDate">Date of birth; never in the future.</param>
/// <param name="Nationality">ISO 3166-1 alpha-3 code of the nationality.</param>
/// <param name="Languages">Spoken languages, ISO 639-1 or 639-3 codes, at least one.</param>
/// <param name="Document">An identity document, if the migrant has one.</param>
/// <param name="Vulnerabilities">Vulnerability flags; empty when none.</param>
[GenerateSerializer, Immutable, Alias("Coordination.CaseRegistration")]
public sealed record CaseRegistration(
    [property: Id(0)] string GivenNames,
    [property: Id(1)] string FamilyNames,
    [property: Id(2)] Sex Sex,
    [property: Id(3)] DateOnly BirthDate,
    [property: Id(4)] string Nationality,
    [property: Id(5)] ImmutableArray<string> Languages,
    [property: Id(6)] IdentityDocument? Document,
    [property: Id(7)] ImmutableArray<VulnerabilityFlag> Vulnerabilities)
{
    // ImmutableArray compares by reference; a registration is equal to another with the same contents.
    public bool Equals(CaseRegistration? other) =>
        other is not null
        && GivenNames == other.GivenNames
        && FamilyNames == other.FamilyNames
        && Sex == other.Sex
        && BirthDate == other.BirthDate
        && Nationality == other.Nationality
        && Languages.AsSpan().SequenceEqual(other.Languages.AsSpan())
        && Document == other.Document
        && Vulnerabilities.AsSpan().SequenceEqual(other.Vulnerabilities.AsSpan());

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(GivenNames);
        hash.Add(FamilyNames);
        hash.Add(Sex);
        hash.Add(BirthDate);
        hash.Add(Nationality);
        foreach (var language in Languages.AsSpan())
        {
            hash.Add(language);
        }
        hash.Add(Document);
        foreach (var flag in Vulnerabilities.AsSpan())
        {
            hash.Add(flag);
        }
        return hash.ToHashCode();
    }
}
