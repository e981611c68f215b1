namespace Coordination.Grains.Webhooks;

/// <summary>Outbound webhooks (<c>Coordination:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Coordination:Webhooks";

    /// <summary>Hosts subscriptions may point at (exact names or addresses); nothing else is ever called.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Whether plain http is allowed (for hosts on a private network); otherwise https only.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>How often each silo looks for deliveries that are due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many cases' deliveries to one subscriber are sent at the same time (each case's still one after another).</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>How long one HTTP attempt may take, answer included.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Immediate retries of a failed attempt (exponential back-off with jitter from <see cref="RetryDelay"/>).</summary>
    public int Retries { get; set; } = 2;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After the immediate retries fail: the wait before the delivery is tried again, doubling each time up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A delivery still failing this long after its first failure is dead-lettered (an administrator may replay it).</summary>
    public TimeSpan DeadLetterAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The largest payload sent; a larger one is dead-lettered at once.</summary>
    public int MaxPayloadBytes { get; set; } = 64 * 1024;

    /// <summary>The longest overlap a secret rotation may ask for.</summary>
    public TimeSpan MaxRotationOverlap { get; set; } = TimeSpan.FromDays(7);
}
