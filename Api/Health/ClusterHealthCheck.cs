using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Coordination.Api.Health;

/// <summary>Ready only when the cluster answers through a gateway and has at least one active silo.</summary>
internal sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var silos = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken);
            return silos.Count > 0
                ? HealthCheckResult.Healthy($"{silos.Count} active silo(s).", new Dictionary<string, object> { ["activeSilos"] = silos.Count })
                : new HealthCheckResult(context.Registration.FailureStatus, "No active silo.");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The silos list themselves in PostgreSQL: when it is down, they cannot say who is active
            // (the driver's exception cannot cross to this process: only its type name does).
            var description = e.ToString().Contains("Npgsql", StringComparison.Ordinal) || e is Grains.Interfaces.Errors.StorageUnavailableException
                ? "The silos' membership table, in PostgreSQL, cannot be read."
                : "The cluster does not answer.";
            return new HealthCheckResult(context.Registration.FailureStatus, description, e);
        }
    }
}
