using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>Journey 6: a transfer is accepted only when the receiving office has room.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TransferCapacityTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_full_office_refuses_a_transfer_and_custody_stays_where_it_was()
    {
        var driver = new CaseDriver(fixture.Client);
        var tuxtla = fixture.Client.GetGrain<IOfficeGrain>("TUX");
        var registered = await driver.RegisterAsync(Registrations.Valid(), "ACA");
        var requested = await driver.Case(registered).RequestTransferAsync(Staff.Caseworker(), "TUX", "family in Chiapas");
        var transfer = driver.Referral(CaseDriver.OpenReferral(requested, ReferralKind.Transfer));
        if ((await tuxtla.GetCaseloadAsync()).OpenCases == 0)
        {
            await driver.RegisterAsync(Registrations.Valid(), "TUX");
        }
        await fixture.Client.WaitForEventLogAsync();
        var full = await tuxtla.GetCaseloadAsync();
        await tuxtla.SetCapacityAsync(full.OpenCases);

        try
        {
            var refused = await Assert.ThrowsAsync<OfficeAtCapacityException>(() => transfer.AcceptAsync(Staff.Caseworker("TUX")));

            Assert.Equal("TUX", refused.OfficeCode);
            Assert.Equal(ReferralStatus.Sent, (await transfer.GetAsync())!.Status);
            Assert.Equal("ACA", (await driver.Case(registered).GetAsync())!.OfficeCode);
            await fixture.Client.WaitForEventLogAsync();
            Assert.Contains((await tuxtla.GetCaseloadAsync()).Inbound, i => i.CaseNumber == registered.CaseNumber.ToString());
            Assert.Contains((await fixture.Client.GetGrain<IOfficeGrain>("ACA").GetCaseloadAsync()).Outbound, i => i.CaseNumber == registered.CaseNumber.ToString());

            // Room is made: the same transfer is now accepted and custody moves.
            await tuxtla.SetCapacityAsync((await tuxtla.GetCaseloadAsync()).OpenCases + 1);
            await transfer.AcceptAsync(Staff.Caseworker("TUX"));
            Assert.Equal("TUX", (await driver.Case(registered).GetAsync())!.OfficeCode);
            await fixture.Client.WaitForEventLogAsync();
            Assert.Equal(full.OpenCases + 1, (await tuxtla.GetCaseloadAsync()).OpenCases);
            Assert.DoesNotContain((await fixture.Client.GetGrain<IOfficeGrain>("ACA").GetCaseloadAsync()).Outbound, i => i.CaseNumber == registered.CaseNumber.ToString());
        }
        finally
        {
            await tuxtla.SetCapacityAsync(200);
        }
    }
}
