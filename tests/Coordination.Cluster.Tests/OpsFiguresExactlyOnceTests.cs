using Coordination.Grains.Interfaces.Cases;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>
/// The "ops" projection counts each event once: a batch whose counters were written but whose
/// checkpoint could not be recorded (the reader dies between the two, as far as PostgreSQL can
/// tell) leaves nothing behind, and the batch read again counts it then.
/// </summary>
public sealed class OpsFiguresExactlyOnceTests : IAsyncLifetime
{
    private TestPostgres _database = null!;

    public async Task InitializeAsync() => _database = await TestPostgres.CreateAsync("opsonce");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Figures_of_a_batch_whose_checkpoint_failed_are_counted_once_when_it_is_read_again()
    {
        await using var cluster = await CoordinationTestCluster.StartAsync(_database);
        var driver = new CaseDriver(cluster.Client);
        var faults = new FaultInjection(_database);

        await using (var fault = await faults.FailCheckpointsAsync("ops", times: 3))
        {
            var cases = new List<CaseSnapshot>();
            for (var i = 0; i < 6; i++)
            {
                cases.Add(await driver.RegisterAsync(Registrations.Valid(), office: "TAP"));
            }
            await driver.Case(cases[0]).RecordCounsellingAsync(Staff.Caseworker("TAP"), "information given");
            await driver.Case(cases[1]).RecordCounsellingAsync(Staff.Caseworker("TAP"), "information given");
            await cluster.Client.WaitForEventLogAsync(TimeSpan.FromSeconds(40));
            Assert.True(await faults.SeenAsync(fault) > 3, "the ops projection's checkpoint was refused three times and then recorded");
        }

        Assert.Equal(4L, await _database.ScalarAsync<long>("SELECT sum(cases) FROM ops_cases WHERE office_code = 'TAP' AND status = 'Registered'"));
        Assert.Equal(2L, await _database.ScalarAsync<long>("SELECT sum(cases) FROM ops_cases WHERE office_code = 'TAP' AND status = 'Counselled'"));
        Assert.Equal(6L, await _database.ScalarAsync<long>("SELECT sum(registered) FROM ops_daily WHERE office_code = 'TAP'"));
        Assert.Equal(6L, await _database.ScalarAsync<long>("SELECT sum(registered) FROM ops_nationalities WHERE office_code = 'TAP'"));
        Assert.Equal(2L, await _database.ScalarAsync<long>("SELECT sum(count) FROM ops_durations WHERE measure = 'status' AND office_code = 'TAP'"));
        Assert.Equal(6L, await _database.ScalarAsync<long>("SELECT count(*) FROM ops_case_clock"));
    }
}
