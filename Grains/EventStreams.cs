using Coordination.Grains.Cases;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Referrals;

namespace Coordination.Grains;

/// <summary>The kinds of stream in the event log.</summary>
public static class EventStreams
{
    /// <summary>A migrant's case, keyed by its case number.</summary>
    public static readonly StreamType Case = new("case", typeof(CaseEvent));

    /// <summary>A referral or transfer, keyed by its referral id.</summary>
    public static readonly StreamType Referral = new("referral", typeof(ReferralEvent));

    public static IReadOnlyList<StreamType> All { get; } = [Case, Referral];
}
