using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>Journey 5 and retries: optimistic concurrency on the case version, and operation ids.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConcurrentCommandTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Of_two_concurrent_commands_on_the_same_version_one_wins_and_the_other_is_refused_as_stale()
    {
        var driver = new CaseDriver(fixture.Client);
        var registered = await driver.RegisterAsync(Registrations.Valid());
        var @case = driver.Case(registered);

        var counselling = @case.RecordCounsellingAsync(Staff.Caseworker(expectedVersion: registered.Version), "first caseworker");
        var hold = @case.PutOnHoldAsync(Staff.Caseworker(expectedVersion: registered.Version), "second caseworker");
        var outcomes = await Task.WhenAll(Outcome(counselling), Outcome(hold));

        Assert.Single(outcomes, o => o is null);
        var stale = Assert.IsType<StaleCaseVersionException>(Assert.Single(outcomes, o => o is not null));
        Assert.Equal(registered.Version, stale.ExpectedVersion);
        Assert.Equal(registered.Version + 1, stale.CurrentVersion);
        Assert.Equal(registered.Version + 1, (await @case.GetAsync())!.Version);
    }

    [Fact]
    public async Task Repeating_an_operation_returns_the_case_and_changes_nothing()
    {
        var driver = new CaseDriver(fixture.Client);
        var @case = driver.Case(await driver.RegisterAsync(Registrations.Valid()));
        var context = Staff.Caseworker();

        var first = await @case.RecordCounsellingAsync(context, "session one");
        var repeated = await @case.RecordCounsellingAsync(context, "session one");

        Assert.Equal(first.Version, repeated.Version);
        Assert.Equal(CaseStatus.Counselled, repeated.Status);
        Assert.Equal(2, (await @case.GetHistoryAsync()).Count);
    }

    [Fact]
    public async Task A_command_on_a_case_nobody_registered_is_refused_as_unknown()
    {
        await Assert.ThrowsAsync<UnknownCaseException>(
            () => fixture.Client.GetGrain<ICaseGrain>("ACA-2019-777777").RecordCounsellingAsync(Staff.Caseworker(), null));
    }

    private static async Task<Exception?> Outcome(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
