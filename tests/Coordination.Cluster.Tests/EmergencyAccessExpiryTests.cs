using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>Break-glass access lasts the configured hour: active until then, shown as ended after, and granted anew on a new reason.</summary>
[Collection(FakeClockCollection.Name)]
public sealed class EmergencyAccessExpiryTests(FakeClockFixture fixture)
{
    [Fact]
    public async Task An_emergency_access_ends_an_hour_after_it_was_granted()
    {
        var driver = new CaseDriver(fixture.Client);
        var @case = driver.Case(await driver.RegisterAsync(Registrations.Valid(), "ACA"));
        var grantedAt = fixture.Clock.GetUtcNow();

        var grant = await @case.GrantEmergencyAccessAsync(Staff.Supervisor("TAP"), "found unconscious at the Tapachula shelter");
        fixture.Clock.Advance(TimeSpan.FromMinutes(59));
        var withinTheHour = Assert.Single((await @case.GetAsync())!.EmergencyAccess);
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        var afterTheHour = Assert.Single((await @case.GetAsync())!.EmergencyAccess);
        await @case.GrantEmergencyAccessAsync(Staff.Supervisor("TAP"), "still in hospital");
        var grants = (await @case.GetAsync())!.EmergencyAccess;

        Assert.Equal(grantedAt + TimeSpan.FromHours(1), grant.ExpiresAt);
        Assert.True(grant.Active);
        Assert.True(withinTheHour.Active);
        Assert.False(afterTheHour.Active);
        Assert.Equal([false, true], grants.Select(g => g.Active));
    }
}
