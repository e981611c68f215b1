using Microsoft.Extensions.Options;

namespace Coordination.Grains.Retention;

/// <summary>How long personal data is kept (<c>Coordination:Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string Section = "Coordination:Retention";

    /// <summary>How long a case's personal data is kept after the case ended (closed, withdrawn or found ineligible): five years by default.</summary>
    public TimeSpan EndedCasesKeptFor { get; set; } = TimeSpan.FromDays(5 * 365 + 1);

    /// <summary>How often the retention job looks for cases past that period (daily by default).</summary>
    public TimeSpan RunEvery { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How many cases one round of the job erases before it looks again.</summary>
    public int BatchSize { get; set; } = 200;
}

internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var failures = new List<string>();
        if (options.EndedCasesKeptFor < TimeSpan.FromDays(1))
        {
            failures.Add($"{RetentionOptions.Section}:EndedCasesKeptFor must be at least one day (it is {options.EndedCasesKeptFor}).");
        }
        if (options.RunEvery < TimeSpan.FromMinutes(1))
        {
            failures.Add($"{RetentionOptions.Section}:RunEvery must be at least one minute, the shortest reminder period (it is {options.RunEvery}).");
        }
        if (options.BatchSize is < 1 or > 10_000)
        {
            failures.Add($"{RetentionOptions.Section}:BatchSize must be between 1 and 10000 (it is {options.BatchSize}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
