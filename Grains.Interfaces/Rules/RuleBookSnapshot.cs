namespace Coordination.Grains.Interfaces.Rules;

/// <summary>A rule file that was refused: where and why. The rules loaded before it stay in force.</summary>
/// <param name="Line">The line of the file (1-based) where the problem is.</param>
/// <param name="Message">The problem, in words.</param>
/// <param name="At">When the file was refused.</param>
[GenerateSerializer, Immutable, Alias("Coordination.RuleFileProblem")]
public sealed record RuleFileProblem(
    [property: Id(0)] int Line,
    [property: Id(1)] string Message,
    [property: Id(2)] DateTimeOffset At);

/// <summary>The rules in force in a silo, where they come from, and the last refusal of the file, if it was refused since.</summary>
/// <param name="Path">The rule file, or null when none is configured (no rules).</param>
/// <param name="LoadedAt">When the rules in force were read.</param>
/// <param name="Rules">The rules in force, in file order (switched-off ones included, marked).</param>
/// <param name="Problem">Why the file as it is now was refused; null when the rules in force are the file's.</param>
[GenerateSerializer, Immutable, Alias("Coordination.RuleBookSnapshot")]
public sealed record RuleBookSnapshot(
    [property: Id(0)] string? Path,
    [property: Id(1)] DateTimeOffset? LoadedAt,
    [property: Id(2)] IReadOnlyList<RuleDefinition> Rules,
    [property: Id(3)] RuleFileProblem? Problem)
{
    public static readonly RuleBookSnapshot Empty = new(null, null, [], null);
}
