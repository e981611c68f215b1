using Orleans.Runtime;

namespace Coordination.Api.Dashboard;

/// <summary>
/// Stands in front of the Orleans dashboard's endpoints (a library's code): a silo address that
/// does not parse, or names no silo of this cluster, gets a 404 rather than the library's 500 or
/// 503; what the library still cannot read is a 400; and grain state and reminders, which name cases,
/// are not shown to the operations role the dashboard serves.
/// </summary>
internal sealed class DashboardRequestFilter(IGrainFactory grains, TimeProvider clock) : IEndpointFilter
{
    private static readonly TimeSpan SiloListAge = TimeSpan.FromSeconds(5);
    private volatile SiloList? _silos;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.Path.StartsWithSegments("/dashboard/GrainState", StringComparison.OrdinalIgnoreCase)
            || http.Request.Path.StartsWithSegments("/dashboard/Reminders", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(title: "Not allowed.", statusCode: StatusCodes.Status403Forbidden,
                detail: "Grain state and reminders name cases (personal data); the dashboard shows the cluster's figures only.");
        }
        var address = http.Request.RouteValues.TryGetValue("address", out var value) ? value as string
            : http.Request.Path.StartsWithSegments("/dashboard/HistoricalStats", StringComparison.OrdinalIgnoreCase)
                && http.Request.RouteValues.TryGetValue("path", out value) ? value as string
            : null;
        if (address is not null && !await IsSiloOfThisClusterAsync(address))
        {
            return TypedResults.Problem(title: "Silo not found.", statusCode: StatusCodes.Status404NotFound,
                detail: "No silo of this cluster has that address; the cluster's silos are listed at /dashboard/ClusterStats.");
        }
        try
        {
            return await next(context);
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return TypedResults.Problem(title: "The dashboard could not read this request.", statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static bool IsUnreadable(Exception e) =>
        e is FormatException or ArgumentException || (e.InnerException is { } inner && IsUnreadable(inner));

    private async Task<bool> IsSiloOfThisClusterAsync(string address)
    {
        if (_silos is not { } known || clock.GetUtcNow() - known.At > SiloListAge)
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: false);
            known = new SiloList(clock.GetUtcNow(), hosts.Keys.Select(s => s.ToParsableString()).ToHashSet(StringComparer.Ordinal));
            _silos = known;
        }
        return known.Addresses.Contains(address);
    }

    private sealed record SiloList(DateTimeOffset At, HashSet<string> Addresses);
}
