using Coordination.Grains.Interfaces.Referrals;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.Referrals;

/// <summary>SLAs and escalation (<c>Coordination:Referrals</c>); the defaults are the brief's.</summary>
public sealed class ReferralOptions
{
    public const string Section = "Coordination:Referrals";

    /// <summary>Time allowed per kind before a referral is overdue.</summary>
    public Dictionary<ReferralKind, TimeSpan> Sla { get; set; } = new()
    {
        [ReferralKind.ExitClearance] = TimeSpan.FromDays(5),
        [ReferralKind.TravelDocument] = TimeSpan.FromDays(10),
        [ReferralKind.ChildProtection] = TimeSpan.FromDays(2),
        [ReferralKind.Protection] = TimeSpan.FromDays(3),
        [ReferralKind.Transfer] = TimeSpan.FromDays(2),
        [ReferralKind.Intake] = TimeSpan.FromDays(2),
    };

    /// <summary>Who is alerted, in order, once a referral is overdue.</summary>
    public List<EscalationLevel> EscalationChain { get; set; } = [];

    /// <summary>Time between one escalation step and the next; the first is taken when the SLA passes.</summary>
    public TimeSpan EscalationInterval { get; set; } = TimeSpan.FromDays(1);

    public TimeSpan SlaOf(ReferralKind kind) => Sla.TryGetValue(kind, out var sla) ? sla : TimeSpan.FromDays(5);

    /// <summary>The configured chain, or caseworker, supervisor, operations when none is configured.</summary>
    public IReadOnlyList<EscalationLevel> Chain =>
        EscalationChain.Count > 0 ? EscalationChain : [EscalationLevel.Caseworker, EscalationLevel.Supervisor, EscalationLevel.Operations];
}

internal sealed class ReferralOptionsValidator : IValidateOptions<ReferralOptions>
{
    // Orleans reminders tick at most once a minute.
    private static readonly TimeSpan ShortestInterval = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, ReferralOptions options)
    {
        var failures = options.Sla.Where(s => s.Value <= TimeSpan.Zero).Select(s => $"The SLA of {s.Key} must be positive.").ToList();
        if (options.EscalationInterval < ShortestInterval)
        {
            failures.Add("Coordination:Referrals:EscalationInterval must be at least one minute.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
