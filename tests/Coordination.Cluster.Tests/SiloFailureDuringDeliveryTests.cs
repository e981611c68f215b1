using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Coordination.Cluster.Tests;

/// <summary>
/// A silo dies while the log's reactions are delivering: the partitions it read are taken over by
/// the silo that is left, which reads them again from their checkpoints. Each effect lands once.
/// Starts a two-silo cluster of its own.
/// </summary>
public sealed class SiloFailureDuringDeliveryTests : IAsyncLifetime
{
    private TestPostgres _database = null!;

    public async Task InitializeAsync() => _database = await TestPostgres.CreateAsync("delivery");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Killing_a_silo_in_the_middle_of_delivering_withdrawals_cancels_every_referral_exactly_once()
    {
        await using var cluster = await CoordinationTestCluster.StartAsync(_database, silos: 2);
        var driver = new CaseDriver(cluster.Client);
        var cases = new List<CaseSnapshot>();
        for (var i = 0; i < 8; i++)
        {
            var registered = await driver.RegisterAsync(Registrations.AccompaniedMinorWithoutDocuments(), "TAP");
            await driver.Case(registered).ReferForProtectionAsync(Staff.Caseworker("TAP"), "CNDH", ReferralConsent.Granted);
            cases.Add(await driver.Case(registered).RequestTravelDocumentAsync(Staff.Caseworker("TAP"), ReferralConsent.Granted));
        }
        await cluster.Client.WaitForEventLogAsync();

        // The reactions cancel the referrals but cannot record that they did; then one silo dies.
        await using (await new FaultInjection(_database).FailCheckpointsAsync("workflow", times: 100_000))
        {
            await Task.WhenAll(cases.Select(c => driver.Case(c).WithdrawAsync(Staff.Caseworker("TAP"), "decided to stay")));
            await cluster.Cluster.KillSiloAsync(cluster.Cluster.Silos[1]);
        }
        // Asked of the silo that is left: the client may still hold a connection to the gateway of the one that died.
        var survivor = ((InProcessSiloHandle)cluster.Cluster.Silos[0]).ServiceProvider.GetRequiredService<IGrainFactory>();
        await survivor.WaitForEventLogAsync(TimeSpan.FromSeconds(25));

        foreach (var referral in cases.SelectMany(c => c.Referrals))
        {
            Assert.Equal(ReferralStatus.Cancelled, (await survivor.GetGrain<IReferralGrain>(referral.ReferralId).GetAsync())!.Status);
            Assert.Equal(1L, await _database.ScalarAsync<long>(
                "SELECT count(*) FROM events WHERE stream_id = @id AND event_type = 'ReferralCancelled'", ("id", referral.ReferralId)));
        }
        Assert.Equal(16, cases.SelectMany(c => c.Referrals).Count());
    }
}
