using System.Collections.Concurrent;
using Coordination.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Coordination.Testing;

/// <summary>
/// A TestingHost cluster wired like production: its silos run <see cref="CoordinationSiloBuilderExtensions.AddCoordination"/>
/// on the given PostgreSQL database (membership, grain state and reminders), talk over real TCP
/// sockets, and its client finds their gateways in the membership table, as the API does. Because
/// of that, an API host in the same test can join it too.
/// </summary>
public sealed class CoordinationTestCluster : IAsyncDisposable
{
    public const string ServiceId = "coordination-tests";
    private const string ConnectionStringKey = "ConnectionStrings:Coordination";
    private const string ClockKey = "Testing:Clock";

    // Silo configurators are created by type name and cannot capture a clock; they find it here.
    private static readonly ConcurrentDictionary<string, FakeTimeProvider> Clocks = new();

    private CoordinationTestCluster(TestCluster cluster, string connectionString)
    {
        Cluster = cluster;
        ConnectionString = connectionString;
    }

    public TestCluster Cluster { get; }
    public string ConnectionString { get; }
    public string ClusterId => Cluster.Options.ClusterId;
    public IClusterClient Client => Cluster.Client;

    /// <summary>
    /// Starts <paramref name="silos"/> silos on <paramref name="database"/>. Clusters started with
    /// the same database share grain state and reminders (one service id), whatever their cluster id.
    /// With a <paramref name="clock"/>, grains read the time from it (Orleans' own background work
    /// keeps the real clock), so a test moves SLAs and dates on without sleeping.
    /// </summary>
    public static async Task<CoordinationTestCluster> StartAsync(TestPostgres database, short silos = 1, FakeTimeProvider? clock = null,
        IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var all = TestConfiguration.AsConfiguration().Append(new(ConnectionStringKey, database.ConnectionString)).Concat(settings ?? []).ToList();
        return await StartAsync(all, database, silos, clock);
    }

    private static async Task<CoordinationTestCluster> StartAsync(List<KeyValuePair<string, string?>> settings, TestPostgres database, short silos, FakeTimeProvider? clock)
    {
        if (clock is not null)
        {
            var key = Guid.NewGuid().ToString("N");
            Clocks[key] = clock;
            settings.Add(new(ClockKey, key));
        }
        var builder = new TestClusterBuilder(silos);
        builder.Options.ClusterId = $"test-{Guid.NewGuid():N}";
        builder.Options.ServiceId = ServiceId;
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        builder.AddSiloBuilderConfigurator<CoordinationSiloConfigurator>();
        builder.AddClientBuilderConfigurator<PostgresGatewayClientConfigurator>();

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new CoordinationTestCluster(cluster, database.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>Configures each silo as the Silo program does; the test cluster sets endpoints and ids.</summary>
    private sealed class CoordinationSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            if (siloBuilder.Configuration[ClockKey] is { } key)
            {
                siloBuilder.Services.AddSingleton<TimeProvider>(Clocks[key]);
                siloBuilder.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            }
            siloBuilder.AddCoordination(siloBuilder.Configuration[ConnectionStringKey]!, siloBuilder.Configuration);
        }
    }

    /// <summary>Finds gateways through the PostgreSQL membership table, as the API's client does.</summary>
    private sealed class PostgresGatewayClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
            clientBuilder.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresSiloBuilderExtensions.NpgsqlInvariant;
                o.ConnectionString = configuration[ConnectionStringKey];
            });
        }
    }
}
