using Coordination.Grains.Directory;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coordination.Silo.Directory;

/// <summary>Once the silo runs, repairs whatever the case directory lost while no silo was there to retry it.</summary>
public sealed class CaseDirectoryStartupCheck(ICaseDirectoryRepair repair, IHostApplicationLifetime lifetime, ILogger<CaseDirectoryStartupCheck> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        try
        {
            var check = await repair.CheckAndRepairAsync(stoppingToken);
            logger.LogInformation("Case directory checked: {Scanned} cases, {Repaired} repaired, {Removed} removed", check.CasesScanned, check.EntriesRepaired, check.EntriesRemoved);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "The case directory check failed; run it again from the API (POST /admin/case-directory/check)");
        }
    }
}
