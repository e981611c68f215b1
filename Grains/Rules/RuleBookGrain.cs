using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Rules;

namespace Coordination.Grains.Rules;

/// <summary>Shows administrators the rules in force in the silo it runs on, and asks them about a case without changing it.</summary>
public sealed class RuleBookGrain(RuleBook book) : Grain, IRuleBookGrain
{
    public Task<RuleBookSnapshot> GetAsync() => Task.FromResult(book.Refresh());

    public async Task<IReadOnlyList<RuleResult>?> DryRunAsync(string caseNumber, RuleTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var grain = GrainFactory.GetGrainByKey<ICaseGrain>(caseNumber);
        if (await grain.GetAsync() is null)
        {
            return null;
        }
        var results = new List<RuleResult>();
        foreach (var rule in book.Refresh().Rules.Where(r => r.On == trigger.Event))
        {
            results.Add(await grain.ApplyRuleAsync(rule, trigger, dryRun: true));
        }
        return results;
    }
}
