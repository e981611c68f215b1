using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>
/// A write the cluster acknowledged is in PostgreSQL: a cluster started afresh on the same
/// database, after the old one stopped or was killed, finds every case and continues every sequence.
/// Each test starts and stops its own clusters, so this class has its own database.
/// </summary>
public sealed class SiloRestartTests : IAsyncLifetime
{
    private TestPostgres _database = null!;

    public async Task InitializeAsync() => _database = await TestPostgres.CreateAsync("restart");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_case_registered_before_the_silo_stopped_is_intact_after_it_starts_again()
    {
        CaseSnapshot registered;
        await using (var before = await CoordinationTestCluster.StartAsync(_database))
        {
            registered = await before.Client.GetGrain<IOfficeGrain>("ACA").RegisterCaseAsync(Registrations.Valid(), Staff.Caseworker("ACA") with { OperationId = "restart-1" });
        }

        await using var after = await CoordinationTestCluster.StartAsync(_database);
        var read = await after.Client.GetGrain<ICaseGrain>(registered.CaseNumber.ToString()).GetAsync();
        var next = await after.Client.GetGrain<IOfficeGrain>("ACA").RegisterCaseAsync(Registrations.Valid(), Staff.Caseworker("ACA") with { OperationId = "restart-2" });

        Assert.Equivalent(registered, read, strict: true);
        Assert.Equal(registered.CaseNumber.Sequence + 1, next.CaseNumber.Sequence);
    }

    [Fact]
    public async Task A_case_acknowledged_before_the_silo_was_killed_is_not_lost()
    {
        CaseSnapshot registered;
        await using (var killed = await CoordinationTestCluster.StartAsync(_database))
        {
            registered = await killed.Client.GetGrain<IOfficeGrain>("TAP").RegisterCaseAsync(Registrations.UnaccompaniedMinor(), Staff.Caseworker("TAP") with { OperationId = "kill-1" });
            foreach (var silo in killed.Cluster.Silos.ToList())
            {
                await killed.Cluster.KillSiloAsync(silo);
            }
        }

        await using var after = await CoordinationTestCluster.StartAsync(_database);
        var read = await after.Client.GetGrain<ICaseGrain>(registered.CaseNumber.ToString()).GetAsync();
        await after.Client.WaitForEventLogAsync();
        var office = await after.Client.GetGrain<IOfficeGrain>("TAP").GetAsync();
        var retried = await after.Client.GetGrain<IOfficeGrain>("TAP").RegisterCaseAsync(Registrations.UnaccompaniedMinor(), Staff.Caseworker("TAP") with { OperationId = "kill-1" });

        Assert.Equivalent(registered, read, strict: true);
        Assert.Equal(registered.CaseNumber, office.LastCaseNumber);
        Assert.Equal(registered.CaseNumber, retried.CaseNumber);
    }
}
