using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>
/// The shipped overdue rule: each time a referral's SLA reminder escalates it, the case is escalated
/// to the level reached and operations are notified, once per escalation step however often the
/// reminder ticks. The consent rules open the exit clearance that goes overdue. Time is a fake
/// clock; the reminder's tick is delivered as Orleans delivers it.
/// </summary>
public sealed class RuleOverdueEscalationTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private TestPostgres _database = null!;
    private string _ruleFile = null!;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateAsync("ruleoverdue");
        _ruleFile = Path.Combine(Path.GetTempPath(), $"coordination-rules-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(_ruleFile, RulesFixture.Shipped());
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        File.Delete(_ruleFile);
    }

    [Fact]
    public async Task An_overdue_exit_clearance_escalates_the_case_and_notifies_operations_once_per_step()
    {
        await using var cluster = await CoordinationTestCluster.StartAsync(_database, clock: _clock, settings: RulesFixture.Settings(_ruleFile));
        var driver = new CaseDriver(cluster.Client);
        var consented = await driver.DriveToAsync(CaseStatus.Consented);
        await cluster.Client.WaitForEventLogAsync(); // the consent rules open the exit clearance (and the travel document), which set their reminders
        var @case = driver.Case(consented);
        var clearance = CaseDriver.OpenReferral((await @case.GetAsync())!, ReferralKind.ExitClearance);

        _clock.Advance(TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1));
        await TickAsync(cluster, clearance);
        await TickAsync(cluster, clearance); // a repeated tick escalates nothing more
        await cluster.Client.WaitForEventLogAsync();
        await cluster.Client.WaitForEventLogAsync(); // and what the rules appended is read too

        var history = await @case.GetHistoryAsync();
        var escalated = Assert.Single(history, h => h.Event == "CaseEscalated");
        Assert.Equal("rule:overdue-referral-escalation", escalated.Actor);
        Assert.StartsWith($"escalated to Caseworker ({clearance})", escalated.Reason, StringComparison.Ordinal);
        Assert.Single(history, h => h.Event == "SubscriberNotified" && h.Reason!.StartsWith("ops notified", StringComparison.Ordinal));

        _clock.Advance(TimeSpan.FromDays(1));
        await TickAsync(cluster, clearance);
        await cluster.Client.WaitForEventLogAsync();
        await cluster.Client.WaitForEventLogAsync();

        history = await @case.GetHistoryAsync();
        Assert.Equal(["escalated to Caseworker", "escalated to Supervisor"],
            history.Where(h => h.Event == "CaseEscalated").Select(h => h.Reason![..h.Reason!.IndexOf(" (", StringComparison.Ordinal)]));
        Assert.Equal(2, history.Count(h => h.Event == "SubscriberNotified"));
    }

    private static async Task TickAsync(CoordinationTestCluster cluster, string referralId) =>
        await cluster.Client.GetGrain<IReferralGrain>(referralId).AsReference<IRemindable>()
            .ReceiveReminder("sla", new TickStatus(DateTime.UtcNow, TimeSpan.FromDays(1), DateTime.UtcNow));
}
