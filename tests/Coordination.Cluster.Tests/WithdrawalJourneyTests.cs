using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>Journey 3: return is voluntary; withdrawing cancels every open referral at once.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WithdrawalJourneyTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Withdrawal_cancels_three_open_referrals_in_one_step()
    {
        var driver = new CaseDriver(fixture.Client);
        var registered = await driver.RegisterAsync(Registrations.AccompaniedMinorWithoutDocuments() with { Vulnerabilities = [VulnerabilityFlag.SurvivorOfViolence] }, "CJS");
        var @case = driver.Case(registered);
        await @case.ReferForChildProtectionAsync(Staff.Caseworker("CJS"), ReferralConsent.Granted);
        await @case.ReferForProtectionAsync(Staff.Caseworker("CJS"), "CNDH", ReferralConsent.Granted);
        var open = await @case.RequestTravelDocumentAsync(Staff.Caseworker("CJS"), ReferralConsent.Granted);
        Assert.Equal(3, open.Referrals.Count(r => r.Status == ReferralStatus.Sent));
        await driver.Referral(CaseDriver.OpenReferral(open, ReferralKind.ChildProtection)).AcknowledgeAsync(Staff.Liaison("DIF"));

        var withdrawn = await @case.WithdrawAsync(Staff.Caseworker("CJS"), "wants to stay with relatives in Chihuahua");
        await fixture.Client.WaitForEventLogAsync(); // the referrals hear of it from the case's event

        Assert.Equal(CaseStatus.Withdrawn, withdrawn.Status);
        Assert.All(withdrawn.Referrals, r => Assert.Equal(ReferralStatus.Cancelled, r.Status));
        foreach (var entry in open.Referrals)
        {
            var referral = (await driver.Referral(entry.ReferralId).GetAsync())!;
            Assert.Equal(ReferralStatus.Cancelled, referral.Status);
            var inbox = (await fixture.Client.GetGrain<IAuthorityLiaisonGrain>(referral.To).GetAsync()).Inbox;
            Assert.DoesNotContain(inbox, i => i.ReferralId == entry.ReferralId);
        }
        var history = await @case.GetHistoryAsync();
        Assert.Equal("CaseWithdrawn", history[^1].Event);
        Assert.Equal("wants to stay with relatives in Chihuahua", history[^1].Reason);
        await Assert.ThrowsAsync<ReferralActionRefusedException>(
            () => driver.Referral(open.Referrals[0].ReferralId).AcceptAsync(Staff.Liaison("DIF")));
    }

    [Fact]
    public async Task A_migrant_who_has_departed_can_no_longer_withdraw()
    {
        var driver = new CaseDriver(fixture.Client);
        var departed = await driver.DriveToAsync(CaseStatus.Departed, "MEX");

        var refused = await Assert.ThrowsAsync<CaseActionRefusedException>(
            () => driver.Case(departed).WithdrawAsync(Staff.Caseworker("MEX"), "too late"));

        Assert.Equal([CaseAction.RecordArrival], refused.AllowedActions);
    }

    [Fact]
    public async Task A_supervisor_reopens_a_withdrawn_case_with_a_reason_and_a_caseworker_cannot()
    {
        var driver = new CaseDriver(fixture.Client);
        var withdrawn = await driver.DriveToAsync(CaseStatus.Withdrawn);

        await Assert.ThrowsAsync<CaseActionRefusedException>(() => driver.Case(withdrawn).ReopenAsync(Staff.Caseworker(), "asked again"));
        var reopened = await driver.Case(withdrawn).ReopenAsync(Staff.Supervisor(), "the migrant asked again to return");

        Assert.Equal(CaseStatus.Registered, reopened.Status);
        Assert.Equal("supervisor@ACA", (await driver.Case(withdrawn).GetHistoryAsync())[^1].Actor);
    }
}
