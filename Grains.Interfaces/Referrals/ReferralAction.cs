namespace Coordination.Grains.Interfaces.Referrals;

/// <summary>What a counterpart or the sender can do to a referral.</summary>
public enum ReferralAction
{
    Acknowledge = 0,
    Accept = 1,
    Decline = 2,
    Complete = 3,
    Cancel = 4,
}
