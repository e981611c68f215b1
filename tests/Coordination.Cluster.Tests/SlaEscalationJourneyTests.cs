using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>
/// Journey 4: INM does not answer an exit clearance within its five days. The referral's durable
/// reminder marks it overdue and escalates once per step of the chain, also when the silo is
/// killed and another takes over in between. Time is a fake clock; the reminder's tick is
/// delivered the way Orleans delivers it, through <see cref="IRemindable"/>.
/// </summary>
public sealed class SlaEscalationJourneyTests : IAsyncLifetime
{
    private const string ReferralReminder = "sla";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private TestPostgres _database = null!;

    public async Task InitializeAsync() => _database = await TestPostgres.CreateAsync("sla");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task An_unanswered_exit_clearance_becomes_overdue_and_escalates_once_per_step_across_a_silo_crash()
    {
        string referralId;
        CaseSnapshot consented;
        await using (var first = await CoordinationTestCluster.StartAsync(_database, clock: _clock))
        {
            var driver = new CaseDriver(first.Client);
            consented = await driver.DriveToAsync(CaseStatus.Consented);
            var requested = await driver.Case(consented).RequestExitClearanceAsync(Staff.Caseworker(), ReferralConsent.Granted);
            referralId = CaseDriver.OpenReferral(requested, ReferralKind.ExitClearance);
            await first.Client.WaitForEventLogAsync(); // the referral opens itself from the case's request, and sets its reminder
            Assert.Equal(1L, await ReminderRows(referralId));

            _clock.Advance(TimeSpan.FromDays(5) - TimeSpan.FromMinutes(1));
            Assert.False((await Tick(first, referralId)).Overdue);

            _clock.Advance(TimeSpan.FromMinutes(2));
            var overdue = await Tick(first, referralId);
            await Tick(first, referralId); // a repeated tick changes nothing
            Assert.True(overdue.Overdue);
            Assert.Equal([EscalationLevel.Caseworker], (await first.Client.GetGrain<IReferralGrain>(referralId).GetAsync())!.Escalations.Select(e => e.Level));

            foreach (var silo in first.Cluster.Silos.ToList())
            {
                await first.Cluster.KillSiloAsync(silo);
            }
        }

        await using var second = await CoordinationTestCluster.StartAsync(_database, clock: _clock);
        var afterCrash = await Tick(second, referralId);
        Assert.Equal([EscalationLevel.Caseworker], afterCrash.Escalations.Select(e => e.Level));
        Assert.Equal(1L, await ReminderRows(referralId));

        _clock.Advance(TimeSpan.FromDays(1));
        var escalated = await Tick(second, referralId);
        Assert.Equal([EscalationLevel.Caseworker, EscalationLevel.Supervisor], escalated.Escalations.Select(e => e.Level));
        Assert.Equal(escalated.DueAt, escalated.Escalations[0].At);

        var @case = second.Client.GetGrain<ICaseGrain>(consented.CaseNumber.ToString());
        Assert.True((await @case.GetAsync())!.Referrals.Single(r => r.ReferralId == referralId).Overdue);
        Assert.Contains(await @case.GetHistoryAsync(), h => h.Event == "ReferralProgressed" && h.Reason!.Contains("overdue") && h.Actor == "sla");
        await second.Client.WaitForEventLogAsync();
        Assert.True((await second.Client.GetGrain<IAuthorityLiaisonGrain>("INM").GetAsync()).Inbox.Single(i => i.ReferralId == referralId).Overdue);

        // INM answers at last: the clock stops, the reminder goes, and later ticks escalate no further.
        await second.Client.GetGrain<IReferralGrain>(referralId).AcceptAsync(Staff.Liaison("INM"));
        _clock.Advance(TimeSpan.FromDays(3));
        var answered = await Tick(second, referralId);
        Assert.Equal(2, answered.Escalations.Count);
        Assert.Equal(0L, await ReminderRows(referralId));
        Assert.Equal(CaseStatus.Cleared, (await @case.GetAsync())!.Status);
    }

    private static async Task<ReferralSnapshot> Tick(CoordinationTestCluster cluster, string referralId)
    {
        var referral = cluster.Client.GetGrain<IReferralGrain>(referralId);
        await referral.AsReference<IRemindable>().ReceiveReminder(ReferralReminder, new TickStatus(DateTime.UtcNow, TimeSpan.FromDays(1), DateTime.UtcNow));
        return (await referral.GetAsync())!;
    }

    private Task<long> ReminderRows(string referralId) =>
        _database.ScalarAsync<long>("SELECT count(*) FROM orleansreminderstable WHERE remindername = 'sla' AND grainid LIKE '%' || @id",
            ("id", referralId));
}
