using Coordination.Grains.Interfaces.Cases;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>Likely duplicates across offices are flagged at intake.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DuplicateRegistrationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_same_passport_registered_at_another_office_is_flagged()
    {
        var driver = new CaseDriver(fixture.Client);
        var first = await driver.RegisterAsync(Registrations.Valid(), "TAP");

        var second = await driver.RegisterAsync(Registrations.Valid() with { Document = first.Registration.Document }, "CJS");

        Assert.Equal([first.CaseNumber.ToString()], second.PossibleDuplicates);
        Assert.Contains(first.CaseNumber.ToString(), (await driver.Case(second).GetHistoryAsync())[0].Reason);
    }

    [Fact]
    public async Task The_same_names_birth_date_and_nationality_are_flagged_whatever_the_accents_and_case()
    {
        var driver = new CaseDriver(fixture.Client);
        var unique = Guid.NewGuid().ToString("N")[..6];
        var first = await driver.RegisterAsync(Registrations.Valid() with { GivenNames = $"María José {unique}", Document = null }, "ACA");

        var second = await driver.RegisterAsync(Registrations.Valid() with { GivenNames = $"MARIA JOSE {unique.ToUpperInvariant()}", Document = null }, "MEX");
        var stranger = await driver.RegisterAsync(Registrations.Valid() with { GivenNames = $"Maria Jose {unique}", BirthDate = new DateOnly(1995, 3, 2), Document = null }, "MEX");

        Assert.Equal([first.CaseNumber.ToString()], second.PossibleDuplicates);
        Assert.Empty(stranger.PossibleDuplicates);
    }
}
