using Coordination.Grains.Interfaces.Retention;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coordination.Grains.Retention;

/// <summary>
/// Makes sure the retention job's reminder exists once the silo serves. Every silo asks; the
/// reminder is one per cluster, so asking twice changes nothing.
/// </summary>
public sealed class RetentionSchedule(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<RetentionSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        for (var delay = TimeSpan.FromSeconds(1); !stoppingToken.IsCancellationRequested; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks)))
        {
            try
            {
                await grains.GetGrain<IRetentionGrain>(0).EnsureScheduledAsync();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not schedule the retention job yet; trying again in {Delay}", delay);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }
}
