namespace Coordination.Grains.Interfaces.Referrals;

/// <summary>Who is alerted when a referral is overdue, in the order of the escalation chain.</summary>
public enum EscalationLevel
{
    Caseworker = 0,
    Supervisor = 1,
    Operations = 2,
}
