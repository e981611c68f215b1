using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>A referral records the migrant's consent to share; only a supervisor overrides its absence, and the override is kept.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConsentToShareTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Without_consent_a_caseworker_cannot_refer_and_a_supervisor_can_with_a_reason_that_is_audited()
    {
        var driver = new CaseDriver(fixture.Client);
        var registered = await driver.RegisterAsync(Registrations.KidnappingVictim());
        var @case = driver.Case(registered);
        var withoutConsent = new ReferralConsent(false, "immediate danger to life");

        await Assert.ThrowsAsync<CaseActionRefusedException>(() => @case.ReferForProtectionAsync(Staff.Caseworker(), "CNDH", withoutConsent));
        var referred = await @case.ReferForProtectionAsync(Staff.Supervisor(), "CNDH", withoutConsent);

        var referral = (await driver.Referral(CaseDriver.OpenReferral(referred, ReferralKind.Protection)).GetAsync())!;
        Assert.False(referral.ConsentToShare);
        Assert.Equal("supervisor@ACA", referral.ConsentOverriddenBy);
        Assert.Contains("immediate danger to life", (await @case.GetHistoryAsync())[^1].Reason);
    }
}
