using Coordination.Grains.Cases;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Referrals;
using static Coordination.Grains.Interfaces.Cases.CaseAction;
using static Coordination.Grains.Interfaces.Cases.CaseStatus;

namespace Coordination.Domain.Tests;

/// <summary>
/// Every status times every action, on the pure decider: a case (an accompanied minor) is driven
/// to the status, then a supervisor asks for the action. Allowed ones produce the event of the
/// action and move the case on; the rest are refused naming the current status and what is
/// allowed. (CaseTransitionClusterTests runs a few of these on real grains.)
/// </summary>
public sealed class CaseTransitionTableTests
{
    private static readonly CaseAction[] BeforeTravelBooking =
        [RecordRiskAssessment, RequestTravelDocument, ReferForChildProtection, ReferForProtection, RequestTransfer, Withdraw, PutOnHold];

    /// <summary>What a supervisor may do to the driven case in each status.</summary>
    public static readonly IReadOnlyDictionary<CaseStatus, CaseAction[]> Allowed = new Dictionary<CaseStatus, CaseAction[]>
    {
        [Registered] = [RecordCounselling, .. BeforeTravelBooking],
        [Counselled] = [RecordScreening, .. BeforeTravelBooking],
        [Screened] = [RecordConsent, .. BeforeTravelBooking],
        [Consented] = [RequestExitClearance, .. BeforeTravelBooking],
        [ClearanceRequested] = BeforeTravelBooking,
        // The driven case holds a travel document by now, so asking for another is refused.
        [Cleared] = [BookTravel, .. BeforeTravelBooking.Except([RequestTravelDocument])],
        [CaseStatus.TravelBooked] = [RecordDeparture, RecordRiskAssessment, ReferForProtection, Withdraw, PutOnHold],
        [Departed] = [RecordArrival],
        [Arrived] = [StartReintegration, Close],
        [Reintegration] = [Close],
        [Closed] = [Reopen],
        [Ineligible] = [Reopen],
        [Withdrawn] = [Reopen],
        [OnHold] = [Resume, Withdraw],
    };

    /// <summary>The event each action records.</summary>
    public static readonly IReadOnlyDictionary<CaseAction, string> EventOf = new Dictionary<CaseAction, string>
    {
        [RecordCounselling] = nameof(CounsellingRecorded),
        [RecordScreening] = nameof(ScreeningRecorded),
        [RecordRiskAssessment] = nameof(RiskAssessed),
        [RecordConsent] = nameof(ConsentRecorded),
        [RequestExitClearance] = nameof(ReferralRequested),
        [RequestTravelDocument] = nameof(ReferralRequested),
        [ReferForChildProtection] = nameof(ReferralRequested),
        [ReferForProtection] = nameof(ReferralRequested),
        [RequestTransfer] = nameof(ReferralRequested),
        [BookTravel] = nameof(Grains.Cases.TravelBooked),
        [RecordDeparture] = nameof(DepartureRecorded),
        [RecordArrival] = nameof(ArrivalRecorded),
        [StartReintegration] = nameof(ReintegrationStarted),
        [Close] = nameof(CaseClosed),
        [Withdraw] = nameof(CaseWithdrawn),
        [PutOnHold] = nameof(CasePutOnHold),
        [Resume] = nameof(CaseResumed),
        [Reopen] = nameof(CaseReopened),
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
    public void The_table_covers_every_status_and_every_action_has_its_event()
    {
        Assert.Equal(Enum.GetValues<CaseStatus>().Order(), Allowed.Keys.Order());
        Assert.Equal(Enum.GetValues<CaseAction>().Order(), EventOf.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndAction))]
    public void An_action_succeeds_exactly_when_the_status_allows_it(CaseStatus status, CaseAction action)
    {
        var @case = PureCase.DrivenTo(status);
        Assert.Equal(status, @case.State.Status);
        var supervisor = PureCase.Supervisor();

        if (Allowed[status].Contains(action))
        {
            var events = @case.Do(Command(action), supervisor);
            Assert.Equal([EventOf[action]], events.Select(e => e.GetType().Name));
            Assert.Equal(supervisor.Actor, events[0].By);
        }
        else
        {
            var version = @case.Version;
            var refused = Assert.Throws<CaseActionRefusedException>(() => @case.Do(Command(action), supervisor));
            Assert.Equal(status, refused.Status);
            Assert.Equal(action, refused.Action);
            Assert.Equal(Allowed[status].Order(), refused.AllowedActions.Order());
            Assert.Contains(status.ToString(), refused.Message);
            Assert.Equal(version, @case.Version);
        }
    }

    [Fact]
    public void A_repeated_operation_produces_nothing_the_second_time()
    {
        var @case = PureCase.Registered();
        var caseworker = PureCase.Caseworker();

        var first = @case.Do(new CaseCommand.RecordCounselling("session"), caseworker);
        var repeated = @case.Do(new CaseCommand.RecordCounselling("session"), caseworker);

        Assert.Single(first);
        Assert.Empty(repeated);
    }

    /// <summary>The action with arguments a caseworker would give.</summary>
    public static CaseCommand Command(CaseAction action) => action switch
    {
        RecordCounselling => new CaseCommand.RecordCounselling("information session"),
        RecordScreening => new CaseCommand.RecordScreening(true, null),
        RecordRiskAssessment => new CaseCommand.RecordRiskAssessment(RiskLevel.Medium, "threats from a gang in the home town"),
        RecordConsent => new CaseCommand.RecordConsent(),
        RequestExitClearance => new CaseCommand.RequestExitClearance(ReferralConsent.Granted),
        RequestTravelDocument => new CaseCommand.RequestTravelDocument(ReferralConsent.Granted),
        ReferForChildProtection => new CaseCommand.ReferForChildProtection(ReferralConsent.Granted),
        ReferForProtection => new CaseCommand.ReferForProtection("CNDH", ReferralConsent.Granted),
        RequestTransfer => new CaseCommand.RequestTransfer("MEX", "closer to the airport"),
        BookTravel => new CaseCommand.BookTravel(new TravelBooking(DateOnly.FromDateTime(PureCase.Now.UtcDateTime).AddDays(7), "Aeromexico", "MEX-SAP AM 0123", "San Pedro Sula")),
        RecordDeparture => new CaseCommand.RecordDeparture(),
        RecordArrival => new CaseCommand.RecordArrival(),
        StartReintegration => new CaseCommand.StartReintegration(),
        Close => new CaseCommand.Close("reintegration plan finished"),
        Withdraw => new CaseCommand.Withdraw("decided to stay with family in Mexico"),
        PutOnHold => new CaseCommand.PutOnHold("medical treatment"),
        Resume => new CaseCommand.Resume(),
        Reopen => new CaseCommand.Reopen("new information about eligibility"),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}
