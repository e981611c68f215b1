using Coordination.Grains.Interfaces.Referrals;
using static Coordination.Grains.Interfaces.Referrals.ReferralAction;
using static Coordination.Grains.Interfaces.Referrals.ReferralStatus;

namespace Coordination.Grains.Referrals;

/// <summary>The referral lifecycle as pure rules.</summary>
public static class ReferralRules
{
    /// <summary>Still waiting for something: not declined, completed or cancelled.</summary>
    public static bool IsOpen(ReferralStatus status) => status is Sent or Acknowledged or Accepted;

    /// <summary>
    /// Accepting or declining straight from Sent is allowed: the answer acknowledges the referral too.
    /// Only the sender cancels; it cannot cancel what is declined, completed or cancelled already.
    /// </summary>
    public static bool Allows(ReferralStatus status, ReferralAction action) => action switch
    {
        Acknowledge => status == Sent,
        Accept or Decline => status is Sent or Acknowledged,
        Complete => status == Accepted,
        Cancel => IsOpen(status),
        _ => false,
    };

    /// <summary>Accepted, or beyond acceptance (Completed implies Accepted; Declined and Cancelled do not).</summary>
    public static bool ReachedAcceptance(ReferralStatus status) => status is Accepted or Completed;

    /// <summary>How far along a referral is; a later report never moves it back.</summary>
    public static int Stage(ReferralStatus status) => status switch
    {
        Sent => 0,
        Acknowledged => 1,
        Accepted => 2,
        _ => 3,
    };

    public static IReadOnlyList<ReferralAction> AllowedActions(ReferralStatus status) =>
        [.. Enum.GetValues<ReferralAction>().Where(a => Allows(status, a))];

    public static ReferralStatus Target(ReferralAction action) => action switch
    {
        Acknowledge => Acknowledged,
        Accept => Accepted,
        Decline => Declined,
        Complete => Completed,
        Cancel => Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>
    /// Whether the SLA clock still runs. It stops at an answer, except for a travel document, which
    /// is only done when the consulate completes it.
    /// </summary>
    public static bool SlaRunning(ReferralKind kind, ReferralStatus status) =>
        status == Sent || status == Acknowledged || (status == Accepted && kind == ReferralKind.TravelDocument);
}
