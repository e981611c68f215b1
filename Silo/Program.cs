using System.Net;
using Coordination.Silo.Hosting;
using Coordination.Silo.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;

namespace Coordination.Silo;

/// <summary>
/// The Coordination silo. "Coordination.Silo migrate" applies the schema and exits; without
/// arguments the silo applies the schema, joins the cluster and runs until Ctrl+C or SIGTERM.
/// </summary>
public static class SiloProgram
{
    public static async Task<int> Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var connectionString = builder.Configuration.GetConnectionString("Coordination");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine("Set ConnectionStrings:Coordination (environment: ConnectionStrings__Coordination) to a PostgreSQL connection string.");
            return 2;
        }

        using (var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true)))
        {
            await SchemaMigrator.ApplyAsync(connectionString, loggerFactory.CreateLogger("Coordination.Schema"));
        }
        if (args.Contains("migrate"))
        {
            return 0;
        }

        var cluster = builder.Configuration.GetSection(CoordinationClusterOptions.Section).Get<CoordinationClusterOptions>() ?? new();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.AddCoordinationTelemetry();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            if (string.IsNullOrWhiteSpace(cluster.AdvertisedIPAddress))
            {
                silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort);
            }
            else
            {
                silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedIPAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
            }
            // A silo that stops answering probes is voted dead after about ProbeTimeout x
            // NumMissedProbesLimit (Orleans' defaults: 5 s x 3, plus the vote); until then calls to
            // its actors wait. Tuned so that its cases are served from another silo within seconds.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(2);
                o.NumMissedProbesLimit = 2;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(10);
            });
            silo.Services.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection("Orleans:Membership"));
            // An actor idle this long is collected; its state is in PostgreSQL and the next call
            // activates it again. An active case holds about 3.4 KiB of heap (./bench.sh measures
            // it), so 100,000 cases touched within the age hold about 350 MB.
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(15));
            silo.Services.Configure<GrainCollectionOptions>(builder.Configuration.GetSection("Orleans:GrainCollection"));
            silo.AddCoordination(connectionString, builder.Configuration);
            if (SiloTelemetry.OtlpConfigured(builder.Configuration))
            {
                // Traces follow a request from the API through the grains it reaches.
                silo.AddActivityPropagation();
            }
        });

        await builder.Build().RunAsync();
        return 0;
    }
}
