namespace Coordination.Grains.Interfaces.Rules;

/// <summary>The referral workflow rules in force, for administrators. Key 0.</summary>
public interface IRuleBookGrain : IGrainWithIntegerKey
{
    /// <summary>The rules in force, reading the rule file again first if it changed.</summary>
    Task<RuleBookSnapshot> GetAsync();

    /// <summary>
    /// Which rules would fire for this case on this event, and what they would do; changes nothing.
    /// Null when no such case is registered.
    /// </summary>
    Task<IReadOnlyList<RuleResult>?> DryRunAsync(string caseNumber, RuleTrigger trigger);
}
