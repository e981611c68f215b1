namespace Coordination.Grains.Rules;

/// <summary>Where the referral workflow rules are declared (<c>Coordination:Rules</c>).</summary>
public sealed class RuleBookOptions
{
    public const string Section = "Coordination:Rules";

    /// <summary>The rule file (YAML); relative to the silo's directory. None: no rules are in force.</summary>
    public string? Path { get; set; }

    /// <summary>How often the file is looked at for changes (its time and size) while rules are being applied.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromSeconds(2);
}
