using Coordination.Grains.EventLog;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Rules;
using Microsoft.Extensions.Logging;

namespace Coordination.Grains.Rules;

/// <summary>
/// The "rules" reaction: asks each rule in force that is triggered by an event about the case the
/// event concerns. A rule whose condition holds is audited as attempted, carried out by the case as
/// one command whose id derives from the event and the rule (so reading the event again, retrying
/// the command, or a silo dying between the two changes nothing), and audited with its outcome.
/// </summary>
public sealed class RulesReaction(IGrainFactory grains, RuleBook book, RuleAudit audit, ILogger<RulesReaction> logger) : IReaction
{
    public const string ReactionName = "rules";

    public string Name => ReactionName;

    public bool Handles(RecordedEvent recorded)
    {
        var rules = book.Current.Rules;
        return rules.Count > 0 && RuleTriggers.Of(recorded) is { } found && rules.Any(r => r.Enabled && r.On == found.Trigger.Event);
    }

    public async Task ReactAsync(RecordedEvent recorded, CancellationToken cancellationToken)
    {
        if (RuleTriggers.Of(recorded) is not var (caseNumber, trigger))
        {
            return;
        }
        var grain = grains.GetGrainByKey<ICaseGrain>(caseNumber);
        foreach (var rule in book.Current.Rules.Where(r => r.Enabled && r.On == trigger.Event))
        {
            // A rule is not triggered by what it did itself.
            if (recorded.Event.By == rule.Actor)
            {
                continue;
            }
            try
            {
                var preview = await grain.ApplyRuleAsync(rule, trigger, dryRun: true);
                if (preview.Outcome is not (RuleOutcome.Fired or RuleOutcome.Refused))
                {
                    continue;
                }
                await audit.AttemptAsync(rule, caseNumber, trigger, cancellationToken);
                var result = await grain.ApplyRuleAsync(rule, trigger, dryRun: false);
                await audit.OutcomeAsync(rule, caseNumber, trigger, result, cancellationToken);
                logger.LogInformation("Rule {Rule} on {Event} of {Case}: {Outcome} ({Detail})", rule.Id, trigger.Event, caseNumber, result.Outcome, result.Detail);
            }
            catch (CoordinationException e) when (e is not StorageUnavailableException)
            {
                logger.LogInformation(e, "Rule {Rule} on {Event} of {Case} was refused", rule.Id, trigger.Event, caseNumber);
            }
        }
    }
}
