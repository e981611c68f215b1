using Orleans.Configuration;
using Orleans.Dashboard;

namespace Coordination.Api.Hosting;

public static class ClusterClientHostingExtensions
{
    private const string NpgsqlInvariant = "Npgsql";
    private static readonly TimeSpan ConnectRetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Joins the cluster as an Orleans client: gateways are found in PostgreSQL's membership
    /// table, so API nodes and silos scale independently. Until a silo is up the client keeps
    /// trying, so the API may start before the silos do.
    /// </summary>
    public static WebApplicationBuilder AddCoordinationClusterClient(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Coordination");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "Set ConnectionStrings:Coordination (environment: ConnectionStrings__Coordination) to the cluster's PostgreSQL connection string.");
        }
        var cluster = builder.Configuration.GetSection(ClusterClientOptions.Section).Get<ClusterClientOptions>() ?? new();

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            // A restarted silo gets a new generation; look for it often rather than every minute.
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10));
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = NpgsqlInvariant;
                o.ConnectionString = connectionString;
            });
            client.UseConnectionRetryFilter(async (exception, cancellationToken) =>
            {
                await Task.Delay(ConnectRetryDelay, cancellationToken);
                return !cancellationToken.IsCancellationRequested;
            });
            client.AddDashboard();
            if (ApiTelemetry.OtlpConfigured(builder.Configuration))
            {
                // Traces follow a request from the API into the grains it calls.
                client.AddActivityPropagation();
            }
        });
        return builder;
    }
}
