using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Authorities;

/// <summary>What an authority liaison persists: its inbox and the sums behind its turnaround figures.</summary>
public sealed class AuthorityState
{
    public Dictionary<string, ReferralInboxItem> Inbox { get; set; } = [];

    public TurnaroundSums Overall { get; set; } = new();

    public Dictionary<string, TurnaroundSums> ByOffice { get; set; } = [];

    /// <summary>Referrals already counted as acknowledged or answered, newest last, so a repeated report counts once.</summary>
    public List<string> CountedAcknowledged { get; set; } = [];

    public List<string> CountedAnswered { get; set; } = [];
}

/// <summary>Counts and total durations, from which averages are derived.</summary>
public sealed class TurnaroundSums
{
    public int Acknowledged { get; set; }
    public TimeSpan TimeToAcknowledge { get; set; }
    public int Answered { get; set; }
    public TimeSpan TimeToAnswer { get; set; }
}
