using Microsoft.Extensions.Options;

namespace Coordination.Grains.Cases;

/// <summary>Break-glass access (<c>Coordination:EmergencyAccess</c>).</summary>
public sealed class EmergencyAccessOptions
{
    public const string Section = "Coordination:EmergencyAccess";

    /// <summary>How long a supervisor of another office may read a case after breaking the glass (default one hour).</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromHours(1);
}

internal sealed class EmergencyAccessOptionsValidator : IValidateOptions<EmergencyAccessOptions>
{
    public ValidateOptionsResult Validate(string? name, EmergencyAccessOptions options) =>
        options.Duration >= TimeSpan.FromMinutes(1) && options.Duration <= TimeSpan.FromDays(1)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{EmergencyAccessOptions.Section}:Duration must be between 00:01:00 and 1.00:00:00 (it is {options.Duration}).");
}
