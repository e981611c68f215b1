using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Referrals;
using static Coordination.Grains.Interfaces.Referrals.ReferralAction;
using static Coordination.Grains.Interfaces.Referrals.ReferralStatus;

namespace Coordination.Domain.Tests;

public sealed class ReferralRulesTests
{
    /// <summary>Sent, Acknowledged, Accepted or Declined, Completed; or Cancelled by the sender while open.</summary>
    public static readonly IReadOnlyDictionary<ReferralStatus, ReferralAction[]> Allowed = new Dictionary<ReferralStatus, ReferralAction[]>
    {
        [Sent] = [Acknowledge, Accept, Decline, Cancel],
        [Acknowledged] = [Accept, Decline, Cancel],
        [Accepted] = [Complete, Cancel],
        [Declined] = [],
        [Completed] = [],
        [Cancelled] = [],
    };

    [Fact]
    public void Every_status_allows_exactly_the_actions_of_the_lifecycle()
    {
        foreach (var status in Enum.GetValues<ReferralStatus>())
        {
            Assert.Equal(Allowed[status], ReferralRules.AllowedActions(status));
        }
    }

    [Theory]
    [InlineData(ReferralKind.ExitClearance, Accepted, false)]
    [InlineData(ReferralKind.ExitClearance, Acknowledged, true)]
    [InlineData(ReferralKind.TravelDocument, Accepted, true)]
    [InlineData(ReferralKind.TravelDocument, Completed, false)]
    [InlineData(ReferralKind.Transfer, Declined, false)]
    [InlineData(ReferralKind.ChildProtection, Cancelled, false)]
    public void The_sla_clock_runs_until_the_counterpart_has_done_its_part(ReferralKind kind, ReferralStatus status, bool running)
    {
        Assert.Equal(running, ReferralRules.SlaRunning(kind, status));
    }
}
