using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Testing;
using static Coordination.Grains.Interfaces.Cases.CaseAction;
using static Coordination.Grains.Interfaces.Cases.CaseStatus;

namespace Coordination.Cluster.Tests;

/// <summary>
/// A sample of the status x action table (the whole table runs on the pure decider in the domain
/// tests) on real case grains: the action is stored as its event, in the history the API shows,
/// and a refusal changes nothing.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CaseTransitionTableTests(ClusterFixture fixture)
{
    public static TheoryData<CaseStatus, CaseAction, string?> Sample() => new()
    {
        { Registered, RecordCounselling, "CounsellingRecorded" },
        { Consented, RequestExitClearance, "ReferralRequested" },
        { Cleared, BookTravel, "TravelBooked" },
        { OnHold, Resume, "CaseResumed" },
        { Withdrawn, Reopen, "CaseReopened" },
        { Departed, Withdraw, null },
        { Closed, RecordCounselling, null },
        { Screened, BookTravel, null },
    };

    [Theory]
    [MemberData(nameof(Sample))]
    public async Task An_action_succeeds_exactly_when_the_status_allows_it(CaseStatus status, CaseAction action, string? @event)
    {
        var driver = new CaseDriver(fixture.Client);
        var before = await driver.DriveToAsync(status);
        var supervisor = Staff.Supervisor();

        if (@event is not null)
        {
            var after = await Invoke(driver.Case(before), action, supervisor);
            Assert.True(after.Version > before.Version, $"{action} in {status} did not change the case");
            var history = await driver.Case(before).GetHistoryAsync();
            Assert.Equal(@event, history[^1].Event);
            Assert.Equal(supervisor.Actor, history[^1].Actor);
            Assert.Equal(after.Version, history[^1].Version);
        }
        else
        {
            var refused = await Assert.ThrowsAsync<CaseActionRefusedException>(() => Invoke(driver.Case(before), action, supervisor));
            Assert.Equal(status, refused.Status);
            Assert.Contains(status.ToString(), refused.Message);
            Assert.Equal(before.Version, (await driver.Case(before).GetAsync())!.Version);
        }
    }

    private static Task<CaseSnapshot> Invoke(ICaseGrain @case, CaseAction action, CommandContext context) => action switch
    {
        RecordCounselling => @case.RecordCounsellingAsync(context, "information session"),
        RequestExitClearance => @case.RequestExitClearanceAsync(context, ReferralConsent.Granted),
        BookTravel => @case.BookTravelAsync(context, Bookings.NextWeek()),
        Resume => @case.ResumeAsync(context),
        Reopen => @case.ReopenAsync(context, "new information about eligibility"),
        Withdraw => @case.WithdrawAsync(context, "decided to stay with family in Mexico"),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}
