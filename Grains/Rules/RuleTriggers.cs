using Coordination.Grains.Cases;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Rules;
using Coordination.Grains.Referrals;

namespace Coordination.Grains.Rules;

/// <summary>What an event of the log is to rules: the case it concerns and the trigger rules are asked about.</summary>
public static class RuleTriggers
{
    /// <summary>The case and trigger of an event, or null when rules have nothing to do with it.</summary>
    public static (string CaseNumber, RuleTrigger Trigger)? Of(RecordedEvent recorded) => recorded.Event switch
    {
        ReferralRequested e => (recorded.StreamId, new RuleTrigger(nameof(ReferralRequested), recorded.EventId, e.ReferralId, e.Kind, Interfaces.Referrals.ReferralStatus.Sent)),
        ReferralProgressed e => (recorded.StreamId, new RuleTrigger(nameof(ReferralProgressed), recorded.EventId, e.ReferralId, e.Kind, e.Status)),
        CaseEvent e => (recorded.StreamId, new RuleTrigger(e.GetType().Name, recorded.EventId)),
        ReferralEscalated e when recorded.Metadata.SummaryAs<ReferralSummary>() is { CaseNumber: { } caseNumber } summary =>
            (caseNumber, new RuleTrigger(RuleFileParser.ReferralOverdue, recorded.EventId, recorded.StreamId, summary.Kind, summary.Status,
                e.Steps.Length == 0 ? null : e.Steps.Max(s => s.Level))),
        _ => null,
    };
}
