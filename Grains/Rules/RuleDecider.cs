using Coordination.Grains.Cases;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Interfaces.Rules;
using Coordination.Grains.Referrals;

namespace Coordination.Grains.Rules;

/// <summary>What a rule decided about a case: the outcome in words and the events to append (none unless it fires).</summary>
public sealed record RuleDecision(RuleResult Result, IReadOnlyList<CaseEvent> Events);

/// <summary>
/// Rules as a pure decision on a case, like <see cref="CaseDecider"/>: given the case, a rule and
/// the event that triggered it, whether the condition holds and which events its actions make.
/// Each action is an ordinary case command (a referral request, a hold) decided by the case's own
/// rules, made by the rule's actor; a refusal is reported, not retried.
/// </summary>
public static class RuleDecider
{
    private const string Prefix = "rule:";
    private const string PerCase = ":case:";

    /// <summary>
    /// The command id of a rule's firing: derived from the rule and the event (or the case, for a rule
    /// that fires once per case), so the same firing is recognised however often it is attempted.
    /// </summary>
    public static string CommandId(RuleDefinition rule, RuleTrigger trigger, string caseNumber) =>
        rule.OncePerCase ? $"{Prefix}{rule.Id}{PerCase}{caseNumber}" : $"{Prefix}{rule.Id}:{trigger.EventId:N}";

    /// <summary>The rule a once-per-case command id belongs to, or null for any other operation id.</summary>
    public static string? OncePerCaseRule(string? operationId)
    {
        if (operationId is null || !operationId.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var end = operationId.IndexOf(PerCase, StringComparison.Ordinal);
        return end < 0 ? null : operationId[Prefix.Length..end];
    }

    public static RuleDecision Decide(CaseState state, RuleDefinition rule, RuleTrigger trigger, CaseDecisionContext context)
    {
        var commandId = CommandId(rule, trigger, context.CaseNumber);
        if (!state.Registered)
        {
            return Outcome(rule, RuleOutcome.ConditionNotMet, "no case is registered under this number");
        }
        if (rule.SwitchedOffAt(state.OfficeCode))
        {
            return Outcome(rule, RuleOutcome.SwitchedOff, rule.Enabled ? $"switched off at {state.OfficeCode}" : "switched off");
        }
        if (state.RecentOperations.Contains(commandId) || (rule.OncePerCase && state.RulesFiredOnce.Contains(rule.Id)))
        {
            return Outcome(rule, RuleOutcome.AlreadyDone, rule.OncePerCase ? "fired for this case already" : "fired for this event already");
        }
        if (ConditionFails(rule.When, state, trigger, context.Today) is { } failed)
        {
            return Outcome(rule, RuleOutcome.ConditionNotMet, failed);
        }

        var events = new List<CaseEvent>();
        var done = new List<string>();
        var notes = new List<string>();
        var refused = 0;
        var preview = state;
        for (var i = 0; i < rule.Actions.Count; i++)
        {
            var action = rule.Actions[i];
            // Each action decides on the case as the actions before it left it.
            var actionContext = context with
            {
                Version = context.Version + events.Count,
                Command = new CommandContext(rule.Actor, StaffRole.Automation, $"{commandId}#{i}", null, CaseDecider.AnyOffice),
            };
            try
            {
                var made = Act(preview, rule, action, trigger, actionContext);
                if (made.Count == 0)
                {
                    notes.Add($"{action}: already so");
                    continue;
                }
                foreach (var @event in made)
                {
                    preview = CaseState.Evolve(preview, @event, new EventContext(actionContext.Version + 1, null));
                    events.Add(@event);
                }
                done.Add(action.ToString());
            }
            catch (CoordinationException refusal) when (refusal is CaseActionRefusedException or InvalidCaseDataException)
            {
                refused++;
                notes.Add($"{action}: refused, {refusal.Message}");
            }
        }
        var outcome = events.Count > 0 ? RuleOutcome.Fired : refused > 0 ? RuleOutcome.Refused : RuleOutcome.AlreadyDone;
        var detail = string.Join("; ", done.Concat(notes));
        return new RuleDecision(new RuleResult(rule.Id, rule.Name, outcome, detail, done), events);
    }

    /// <summary>Why the condition does not hold, or null when it does.</summary>
    public static string? ConditionFails(RuleCondition when, CaseState state, RuleTrigger trigger, DateOnly today)
    {
        if (when.Status is { Count: > 0 } statuses && !statuses.Contains(state.Status))
        {
            return $"the case is {state.Status}, not {string.Join(" or ", statuses)}";
        }
        if (when.Offices is { Count: > 0 } offices && !offices.Contains(state.OfficeCode))
        {
            return $"the case is at {state.OfficeCode}, not {string.Join(" or ", offices)}";
        }
        if (when.Nationalities is { Count: > 0 } nationalities && !nationalities.Contains(state.Nationality))
        {
            return $"the nationality {state.Nationality} is not among {string.Join(", ", nationalities)}";
        }
        if (when.AnyVulnerability is { Count: > 0 } flags && !flags.Any(state.Vulnerabilities.Contains))
        {
            return $"the case has none of {string.Join(", ", flags)}";
        }
        if (when.ReferralKinds is { Count: > 0 } kinds && (trigger.ReferralKind is not { } kind || !kinds.Contains(kind)))
        {
            return $"the event is not about a {string.Join(" or ", kinds)} referral";
        }
        if (when.ReferralStatuses is { Count: > 0 } reached && (trigger.ReferralStatus is not { } status || !reached.Contains(status)))
        {
            return $"the referral is not {string.Join(" or ", reached)}";
        }
        if (when.ClearanceAccepted is { } accepted
            && state.Referrals.Any(r => r.Kind == ReferralKind.ExitClearance && ReferralRules.ReachedAcceptance(r.Status)) != accepted)
        {
            return accepted ? "INM has not accepted exit clearance" : "INM accepted exit clearance";
        }
        if (when.Minor is not null || when.TravelDocumentReady is not null)
        {
            // These facts are personal (birth date, passport): an erased case has none to decide on.
            if (state.Registration is not { } registration)
            {
                return "the case's personal data was erased";
            }
            if (when.Minor is { } minor && registration.BirthDate.AddYears(18) > today != minor)
            {
                return minor ? "the migrant is not a minor" : "the migrant is a minor";
            }
            if (when.TravelDocumentReady is { } ready && CaseDecider.TravelDocumentReady(state, today) != ready)
            {
                return ready ? "no travel document is ready" : "a travel document is ready";
            }
        }
        return null;
    }

    private static IReadOnlyList<CaseEvent> Act(CaseState state, RuleDefinition rule, RuleAction action, RuleTrigger trigger, CaseDecisionContext context)
    {
        var (at, by) = (context.Now, rule.Actor);
        switch (action.Kind)
        {
            case RuleActionKind.Refer:
                var kind = action.ReferralKind ?? throw new InvalidOperationException($"Rule {rule.Id} refers without a kind.");
                if (state.Referrals.Any(r => r.Kind == kind && ReferralRules.IsOpen(r.Status) && (action.To is null || r.To == action.To)))
                {
                    return [];
                }
                CaseCommand command = kind switch
                {
                    ReferralKind.ExitClearance => new CaseCommand.RequestExitClearance(ReferralConsent.Granted),
                    ReferralKind.TravelDocument => new CaseCommand.RequestTravelDocument(ReferralConsent.Granted),
                    ReferralKind.ChildProtection => new CaseCommand.ReferForChildProtection(ReferralConsent.Granted),
                    ReferralKind.Protection => new CaseCommand.ReferForProtection(action.To ?? "CNDH", ReferralConsent.Granted),
                    _ => throw new InvalidOperationException($"Rule {rule.Id}: a rule cannot open a {kind} referral."),
                };
                return [.. CaseDecider.Decide(state, command, context).Select(e => e is ReferralRequested requested ? requested with { Rule = rule.Id } : e)];
            case RuleActionKind.Hold:
                return state.Status == CaseStatus.OnHold
                    ? []
                    : CaseDecider.Decide(state, new CaseCommand.PutOnHold(action.Reason ?? rule.Name), context);
            case RuleActionKind.Escalate:
                return [new CaseEscalated(at, by, action.Level ?? trigger.EscalatedTo ?? EscalationLevel.Supervisor, trigger.ReferralId, action.Reason ?? rule.Name)];
            case RuleActionKind.Notify:
                return [new SubscriberNotified(at, by, action.Subscriber!, trigger.ReferralId, action.Reason ?? rule.Name)];
            case RuleActionKind.FlagForReview:
                return state.ReviewFlags.Contains(action.Reason ?? rule.Name) ? [] : [new CaseFlaggedForReview(at, by, action.Reason ?? rule.Name)];
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action.Kind, "Not a rule action.");
        }
    }

    private static RuleDecision Outcome(RuleDefinition rule, RuleOutcome outcome, string detail) => new(new RuleResult(rule.Id, rule.Name, outcome, detail, []), []);
}
