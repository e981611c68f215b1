using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.EventLog;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>
/// Offices count places from the caseload projection. While that projection is being rebuilt its
/// counts are partial, and admitting a transfer against them could overfill an office: until the
/// rebuild has read past where the log ended when it began, an office admits no transfer (503).
/// </summary>
[Collection(EventLogCollection.Name)]
public sealed class CaseloadRebuildTests(ClusterFixture fixture)
{
    private readonly FaultInjection _faults = new(fixture.Database);
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task While_the_caseload_is_being_rebuilt_an_office_admits_no_transfer_and_admits_it_once_the_rebuild_has_caught_up()
    {
        var driver = new CaseDriver(Grains);
        var registered = await driver.RegisterAsync(Registrations.Valid(), "ACA");
        var requested = await driver.Case(registered).RequestTransferAsync(Staff.Caseworker("ACA"), "MEX", "family in Mexico City");
        var transfer = driver.Referral(CaseDriver.OpenReferral(requested, ReferralKind.Transfer));
        await Grains.WaitForEventLogAsync();

        await using (await _faults.HoldCheckpointsAsync("cases"))
        {
            Assert.True(await Grains.GetGrain<IEventLogGrain>(0).RebuildAsync("cases"));

            var refused = await Assert.ThrowsAsync<StorageUnavailableException>(() => transfer.AcceptAsync(Staff.Caseworker("MEX")));
            Assert.Contains("rebuilt", refused.Cause);
            Assert.Equal(ReferralStatus.Sent, (await transfer.GetAsync())!.Status);
            Assert.Equal("ACA", (await driver.Case(registered).GetAsync())!.OfficeCode);
        }
        await Grains.WaitForEventLogAsync(TimeSpan.FromSeconds(60));

        await transfer.AcceptAsync(Staff.Caseworker("MEX"));
        Assert.Equal("MEX", (await driver.Case(registered).GetAsync())!.OfficeCode);
    }
}
