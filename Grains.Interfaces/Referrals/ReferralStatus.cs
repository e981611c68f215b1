namespace Coordination.Grains.Interfaces.Referrals;

/// <summary>A referral's lifecycle: Sent, Acknowledged, Accepted or Declined, Completed; or Cancelled by the sender.</summary>
public enum ReferralStatus
{
    Sent = 0,
    Acknowledged = 1,
    Accepted = 2,
    Declined = 3,
    Completed = 4,
    Cancelled = 5,
}
