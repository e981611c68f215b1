using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Referrals;
using static Coordination.Grains.Interfaces.Referrals.ReferralAction;

namespace Coordination.Grains.Referrals;

/// <summary>
/// The referral lifecycle as pure decisions: the events a command produces, or a refusal. No
/// events means there is nothing to do (already done, or a repeated operation).
/// </summary>
public static class ReferralDecider
{
    /// <summary>Opens a referral its case requested; the SLA counts from the request.</summary>
    public static IReadOnlyList<ReferralEvent> Open(ReferralState state, CaseReferralRequest requested, TimeSpan sla)
    {
        if (state.Sent)
        {
            return [];
        }
        var request = requested.Request;
        return [new ReferralSent(requested.RequestedAt, request.SentBy, request.Kind, request.CaseNumber, request.From, request.To,
            request.ConsentToShare, request.ConsentOverriddenBy, requested.RequestedAt + sla, request.Subject, request.Intake, request.Note)];
    }

    /// <summary>An answer or a cancellation by a person (or a service acting for one).</summary>
    public static IReadOnlyList<ReferralEvent> Answer(ReferralState state, string referralId, ReferralAction action, CommandContext context,
        string? reason, DateTimeOffset now)
    {
        if (!state.Sent)
        {
            throw new UnknownReferralException(referralId);
        }
        if (state.RecentOperations.Contains(context.OperationId))
        {
            return [];
        }
        if (!ReferralRules.Allows(state.Status, action))
        {
            throw new ReferralActionRefusedException(referralId, state.Status, action, ReferralRules.AllowedActions(state.Status));
        }
        var by = context.Actor;
        return action switch
        {
            Acknowledge => [new ReferralAcknowledged(now, by)],
            // Custody moves on acceptance, so a transfer has nothing left to do once accepted.
            Accept when state.Kind == ReferralKind.Transfer => [new ReferralAccepted(now, by, reason), new ReferralCompleted(now, by)],
            Accept => [new ReferralAccepted(now, by, reason)],
            Decline => [new ReferralDeclined(now, by, reason)],
            Complete => [new ReferralCompleted(now, by)],
            Cancel => [new ReferralCancelled(now, by, reason)],
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        };
    }

    /// <summary>The case was withdrawn: an open referral is cancelled; one already closed stays as it is.</summary>
    public static IReadOnlyList<ReferralEvent> CancelForWithdrawal(ReferralState state, DateTimeOffset now) =>
        state.Sent && ReferralRules.IsOpen(state.Status)
            ? [new ReferralCancelled(now, $"case:{state.CaseNumber}", "the migrant withdrew")]
            : [];

    /// <summary>The intake's case is registered: the intake is accepted (if it was not yet), records the case and is complete.</summary>
    public static IReadOnlyList<ReferralEvent> RecordIntakeCase(ReferralState state, string caseNumber, string by, string? reason, DateTimeOffset now)
    {
        if (!state.Sent || state.Kind != ReferralKind.Intake || state.ResultingCaseNumber is not null || state.Status is ReferralStatus.Declined or ReferralStatus.Cancelled)
        {
            return [];
        }
        var events = new List<ReferralEvent>();
        if (!ReferralRules.ReachedAcceptance(state.Status))
        {
            events.Add(new ReferralAccepted(now, by, reason));
        }
        events.Add(new IntakeRegistered(now, by, caseNumber));
        if (state.Status != ReferralStatus.Completed)
        {
            events.Add(new ReferralCompleted(now, by));
        }
        return events;
    }

    /// <summary>The escalation steps due by now that were not taken yet, while the SLA clock runs.</summary>
    public static IReadOnlyList<ReferralEvent> CheckSla(ReferralState state, DateTimeOffset now, ReferralOptions options)
    {
        if (!state.Sent || !ReferralRules.SlaRunning(state.Kind, state.Status))
        {
            return [];
        }
        var steps = SlaSchedule.StepsDue(state.DueAt, now, options.EscalationInterval, options.Chain, state.Escalations.Count);
        return steps.Count == 0 ? [] : [new ReferralEscalated(now, "sla", [.. steps])];
    }
}
