using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Coordination.Silo.Hosting;

public static class SiloHosting
{
    /// <summary>
    /// Makes the host a Coordination silo: its cluster identity and endpoints (<c>Orleans</c>
    /// section), membership tuned to notice a dead silo within seconds, idle actors collected, and
    /// everything <see cref="CoordinationSiloBuilderExtensions.AddCoordination"/> adds; a stop that
    /// hangs (PostgreSQL unreachable) ends the process after the shutdown timeout (<see cref="ShutdownDeadline"/>).
    /// </summary>
    public static IHostApplicationBuilder UseCoordinationSilo(this IHostApplicationBuilder builder, string connectionString, bool withTracing)
    {
        var cluster = builder.Configuration.GetSection(CoordinationClusterOptions.Section).Get<CoordinationClusterOptions>() ?? new();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddHostedService<ShutdownDeadline>();
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
            if (withTracing)
            {
                // Traces follow a request from the API through the grains it reaches.
                silo.AddActivityPropagation();
            }
        });
        return builder;
    }
}
