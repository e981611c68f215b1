using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Referrals;

/// <summary>What a referral persists. A referral without <see cref="Request"/> was never sent.</summary>
public sealed class ReferralState
{
    public ReferralRequest? Request { get; set; }
    public ReferralStatus Status { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? Reason { get; set; }
    public bool Overdue { get; set; }
    public List<Escalation> Escalations { get; set; } = [];

    /// <summary>For an accepted intake: the case the office registered.</summary>
    public string? ResultingCaseNumber { get; set; }

    /// <summary>Who made the last change, for the case history.</summary>
    public string LastActor { get; set; } = "";

    /// <summary>The case and the counterpart have not yet heard of the last change (an outbox).</summary>
    public bool NotificationPending { get; set; }

    public ReferralState Copy()
    {
        var copy = (ReferralState)MemberwiseClone();
        copy.Escalations = [.. Escalations];
        return copy;
    }
}
