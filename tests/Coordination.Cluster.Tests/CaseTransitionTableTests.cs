using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Testing;
using static Coordination.Grains.Interfaces.Cases.CaseAction;
using static Coordination.Grains.Interfaces.Cases.CaseStatus;

namespace Coordination.Cluster.Tests;

/// <summary>
/// Every status times every action, on real case grains: a case is driven to the status, then the
/// action is asked for (by a supervisor, so that reopen is possible). Allowed ones succeed and move
/// the case on; the rest fail with a domain error naming the current status and the allowed actions.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CaseTransitionTableTests(ClusterFixture fixture)
{
    private static readonly CaseAction[] BeforeTravelBooking =
        [RecordRiskAssessment, RequestTravelDocument, ReferForChildProtection, ReferForProtection, RequestTransfer, Withdraw, PutOnHold];

    /// <summary>What a supervisor may do to the driven case (an accompanied minor) in each status.</summary>
    public static readonly IReadOnlyDictionary<CaseStatus, CaseAction[]> Allowed = new Dictionary<CaseStatus, CaseAction[]>
    {
        [Registered] = [RecordCounselling, .. BeforeTravelBooking],
        [Counselled] = [RecordScreening, .. BeforeTravelBooking],
        [Screened] = [RecordConsent, .. BeforeTravelBooking],
        [Consented] = [RequestExitClearance, .. BeforeTravelBooking],
        [ClearanceRequested] = BeforeTravelBooking,
        // The driven case holds a travel document by now, so asking for another is refused.
        [Cleared] = [BookTravel, .. BeforeTravelBooking.Except([RequestTravelDocument])],
        [TravelBooked] = [RecordDeparture, RecordRiskAssessment, ReferForProtection, Withdraw, PutOnHold],
        [Departed] = [RecordArrival],
        [Arrived] = [StartReintegration, Close],
        [Reintegration] = [Close],
        [Closed] = [Reopen],
        [Ineligible] = [Reopen],
        [Withdrawn] = [Reopen],
        [OnHold] = [Resume, Withdraw],
    };

    public static TheoryData<CaseStatus, CaseAction> EveryStatusAndAction()
    {
        var data = new TheoryData<CaseStatus, CaseAction>();
        foreach (var status in Enum.GetValues<CaseStatus>())
        {
            foreach (var action in Enum.GetValues<CaseAction>())
            {
                data.Add(status, action);
            }
        }
        return data;
    }

    [Fact]
    public void The_table_covers_every_status()
    {
        Assert.Equal(Enum.GetValues<CaseStatus>().Order(), Allowed.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndAction))]
    public async Task An_action_succeeds_exactly_when_the_status_allows_it(CaseStatus status, CaseAction action)
    {
        var driver = new CaseDriver(fixture.Client);
        var before = await driver.DriveToAsync(status);
        Assert.Equal(status, before.Status);
        var supervisor = Staff.Supervisor();

        if (Allowed[status].Contains(action))
        {
            var after = await Invoke(driver.Case(before), action, supervisor);
            Assert.True(after.Version > before.Version, $"{action} in {status} did not change the case");
            var history = await driver.Case(before).GetHistoryAsync();
            Assert.Equal(action.ToString(), history[^1].Event);
            Assert.Equal(supervisor.Actor, history[^1].Actor);
        }
        else
        {
            var refused = await Assert.ThrowsAsync<CaseActionRefusedException>(() => Invoke(driver.Case(before), action, supervisor));
            Assert.Equal(status, refused.Status);
            Assert.Equal(action, refused.Action);
            Assert.Equal(Allowed[status].Order(), refused.AllowedActions.Order());
            Assert.Contains(status.ToString(), refused.Message);
            Assert.Equal(before.Version, (await driver.Case(before).GetAsync())!.Version);
        }
    }

    /// <summary>Calls the action with arguments a caseworker would give.</summary>
    private static Task<CaseSnapshot> Invoke(ICaseGrain @case, CaseAction action, CommandContext context) => action switch
    {
        RecordCounselling => @case.RecordCounsellingAsync(context, "information session"),
        RecordScreening => @case.RecordScreeningAsync(context, eligible: true, null),
        RecordRiskAssessment => @case.RecordRiskAssessmentAsync(context, RiskLevel.Medium, "threats from a gang in the home town"),
        RecordConsent => @case.RecordConsentAsync(context),
        RequestExitClearance => @case.RequestExitClearanceAsync(context, ReferralConsent.Granted),
        RequestTravelDocument => @case.RequestTravelDocumentAsync(context, ReferralConsent.Granted),
        ReferForChildProtection => @case.ReferForChildProtectionAsync(context, ReferralConsent.Granted),
        ReferForProtection => @case.ReferForProtectionAsync(context, "CNDH", ReferralConsent.Granted),
        RequestTransfer => @case.RequestTransferAsync(context, "MEX", "closer to the airport"),
        BookTravel => @case.BookTravelAsync(context, Bookings.NextWeek()),
        RecordDeparture => @case.RecordDepartureAsync(context),
        RecordArrival => @case.RecordArrivalAsync(context),
        StartReintegration => @case.StartReintegrationAsync(context),
        Close => @case.CloseAsync(context, "reintegration plan finished"),
        Withdraw => @case.WithdrawAsync(context, "decided to stay with family in Mexico"),
        PutOnHold => @case.PutOnHoldAsync(context, "medical treatment"),
        Resume => @case.ResumeAsync(context),
        Reopen => @case.ReopenAsync(context, "new information about eligibility"),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}
