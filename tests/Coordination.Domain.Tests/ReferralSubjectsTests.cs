using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Referrals;

namespace Coordination.Domain.Tests;

/// <summary>A referral carries only the fields its kind needs.</summary>
public sealed class ReferralSubjectsTests
{
    private static readonly CaseRegistration Victim = new("Jose", "Ramos", Sex.Male, new DateOnly(1990, 5, 5), "SLV", ["es"],
        new IdentityDocument(DocumentType.Passport, "A1234567", "SLV", null), [VulnerabilityFlag.TraffickingVictim]);

    [Theory]
    [InlineData(ReferralKind.ExitClearance)]
    [InlineData(ReferralKind.TravelDocument)]
    public void Inm_and_consulates_learn_who_the_migrant_is_but_not_their_vulnerabilities(ReferralKind kind)
    {
        var subject = ReferralSubjects.For(kind, Victim);

        Assert.Empty(subject.Vulnerabilities);
        Assert.Equal("A1234567", subject.Document!.Number);
    }

    [Theory]
    [InlineData(ReferralKind.ChildProtection)]
    [InlineData(ReferralKind.Protection)]
    public void Protection_bodies_see_vulnerabilities_and_languages_but_not_documents(ReferralKind kind)
    {
        var subject = ReferralSubjects.For(kind, Victim);

        Assert.Equal([VulnerabilityFlag.TraffickingVictim], subject.Vulnerabilities);
        Assert.Null(subject.Document);
    }
}
