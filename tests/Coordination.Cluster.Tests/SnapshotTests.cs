using System.Diagnostics;
using Coordination.Grains.Cases;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>A long stream is read from its latest snapshot and the events after it; the result is the fold of all its events.</summary>
[Collection(EventLogCollection.Name)]
public sealed class SnapshotTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_case_with_a_long_history_activates_from_its_snapshot_to_the_same_state()
    {
        var driver = new CaseDriver(fixture.Client);
        var registered = await driver.RegisterAsync(Registrations.KidnappingVictim(), "ACA");
        var @case = driver.Case(registered);
        await @case.RecordRiskAssessmentAsync(Staff.Caseworker(), RiskLevel.High, "the kidnappers know the family's address");
        for (var i = 0; i < 60; i++)
        {
            await @case.PutOnHoldAsync(Staff.Caseworker(), $"medical treatment, round {i}");
            await @case.ResumeAsync(Staff.Caseworker());
        }
        var before = (await @case.GetAsync())!;
        Assert.Equal(122, before.Version);
        var snapshotVersion = await SnapshotVersionAsync(registered.CaseNumber.ToString(), atLeast: 100);
        Assert.Equal(100, snapshotVersion);

        // Every idle activation is collected: the next call activates the case again, from its snapshot.
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = (await @case.GetAsync())!;
        var history = await @case.GetHistoryAsync();

        Assert.Equivalent(before, after, strict: true);
        Assert.Equal("the kidnappers know the family's address", after.RiskAssessment!.Summary);
        Assert.Equal(122, history.Count);
        Assert.Equal(nameof(CaseResumed), history[^1].Event);
    }

    /// <summary>Snapshots are stored in the background, after the append that crossed a multiple of 50; this waits for the one expected.</summary>
    private async Task<int> SnapshotVersionAsync(string caseNumber, int atLeast)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var version = await fixture.Database.ScalarAsync<int>("SELECT coalesce(max(version), 0) FROM stream_snapshots WHERE stream_id = @id", ("id", caseNumber));
            if (version >= atLeast || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                return version;
            }
            await Task.Delay(20);
        }
    }
}
