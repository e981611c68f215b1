using Coordination.Grains.Interfaces.Cases;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Coordination.Cluster.Tests;

/// <summary>
/// A silo dies while the rules reaction is firing rules: the silo left reads the partitions again
/// from their checkpoints and asks the same rules about the same events. Each rule fires once.
/// Starts a two-silo cluster of its own.
/// </summary>
public sealed class RuleSiloFailureTests : IAsyncLifetime
{
    private TestPostgres _database = null!;
    private string _ruleFile = null!;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateAsync("rulefailure");
        _ruleFile = Path.Combine(Path.GetTempPath(), $"coordination-rules-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(_ruleFile, RulesFixture.Shipped());
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        File.Delete(_ruleFile);
    }

    [Fact]
    public async Task Killing_a_silo_while_rules_fire_leaves_every_case_with_one_referral_per_rule()
    {
        await using var cluster = await CoordinationTestCluster.StartAsync(_database, silos: 2, settings: RulesFixture.Settings(_ruleFile));
        var driver = new CaseDriver(cluster.Client);
        var cases = new List<CaseSnapshot>();
        for (var i = 0; i < 6; i++)
        {
            var registered = await driver.RegisterAsync(Registrations.AccompaniedMinorWithoutDocuments(), "TAP");
            await driver.Case(registered).RecordCounsellingAsync(Staff.Caseworker("TAP"), null);
            cases.Add(await driver.Case(registered).RecordScreeningAsync(Staff.Caseworker("TAP"), true, null));
        }
        await cluster.Client.WaitForEventLogAsync();

        // The rules fire but their reaction cannot record that it read the consents; then one silo dies.
        await using (await new FaultInjection(_database).FailCheckpointsAsync("rules", times: 100_000))
        {
            await Task.WhenAll(cases.Select(c => driver.Case(c).RecordConsentAsync(Staff.Caseworker("TAP"))));
            await cluster.Cluster.KillSiloAsync(cluster.Cluster.Silos[1]);
        }
        var survivor = ((InProcessSiloHandle)cluster.Cluster.Silos[0]).ServiceProvider.GetRequiredService<IGrainFactory>();
        await survivor.WaitForEventLogAsync(TimeSpan.FromSeconds(25));

        foreach (var @case in cases)
        {
            var number = @case.CaseNumber.ToString();
            Assert.Equal(2, await _database.ScalarAsync<long>(
                "SELECT count(*) FROM events WHERE stream_id = @id AND event_type = 'ReferralRequested'", ("id", number)));
            var referrals = (await survivor.GetGrain<ICaseGrain>(number).GetAsync())!.Referrals;
            Assert.Equal(["consent-exit-clearance", "consent-travel-document"], referrals.Select(r => r.OpenedByRule));
            Assert.Equal(CaseStatus.ClearanceRequested, (await survivor.GetGrain<ICaseGrain>(number).GetAsync())!.Status);
        }
    }
}
