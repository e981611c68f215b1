using System.Globalization;
using Coordination.Grains.Interfaces.EventLog;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Coordination.Api.Health;

/// <summary>
/// How far the read models and reactions lag behind the event log, in words. Lagging makes the
/// service degraded (lists, caseloads and inboxes are behind), not unready: writes still work.
/// </summary>
internal sealed class EventLogHealthCheck(IGrainFactory grains, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan Behind = TimeSpan.FromSeconds(30);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        EventLogStatus status;
        try
        {
            status = await grains.GetGrain<IEventLogGrain>(0).GetStatusAsync();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or Grains.Interfaces.Errors.StorageUnavailableException)
        {
            return HealthCheckResult.Degraded("The event log's progress cannot be read now.", e);
        }
        var now = clock.GetUtcNow();
        var lagging = status.Subscriptions.Where(s => s.PendingEvents > 0).ToList();
        var description = lagging.Count == 0
            ? $"Every projection and reaction has applied all {status.Events.ToString(CultureInfo.InvariantCulture)} events."
            : string.Join("; ", lagging.Select(s => $"{s.Name} is {s.PendingEvents.ToString(CultureInfo.InvariantCulture)} events behind" +
                (s.OldestPendingAt is { } oldest ? $" ({(now - oldest).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s)" : "")));
        var worst = lagging.Select(s => s.OldestPendingAt is { } oldest ? now - oldest : TimeSpan.Zero).DefaultIfEmpty(TimeSpan.Zero).Max();
        var parked = status.Subscriptions.Where(s => s.ParkedEvents > 0).ToList();
        if (parked.Count > 0)
        {
            // Set-aside events are facts a read model or an effect lacks until someone looks.
            description += " " + string.Join("; ", parked.Select(s => $"{s.Name} set aside {s.ParkedEvents.ToString(CultureInfo.InvariantCulture)} events it could not apply")) +
                " (see /admin/event-log).";
        }
        return worst > Behind || parked.Count > 0 ? HealthCheckResult.Degraded(description) : HealthCheckResult.Healthy(description);
    }
}
