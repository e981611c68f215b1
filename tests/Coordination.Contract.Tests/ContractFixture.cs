using Coordination.Api.Tests;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Contract.Tests;

/// <summary>One database, one cluster and one API host shared by the contract tests.</summary>
public sealed class ContractFixture : IAsyncLifetime
{
    private TestPostgres? _database;
    private CoordinationTestCluster? _cluster;
    private ApiHost? _api;

    public ApiHost Api => _api ?? throw new InvalidOperationException("The fixture has not started.");

    public IClusterClient Grains => _cluster?.Client ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>A client with a token for this identity.</summary>
    public HttpClient As(StaffRole role, string? office = null, string? authority = null) => Api.ClientAs(role, office, authority);

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateAsync("contract");
        // Webhook subscriptions are tried with a URL on this host (DeclaredSamples); nothing listens there.
        _cluster = await CoordinationTestCluster.StartAsync(_database, settings: [new("Coordination:Webhooks:AllowedHosts:0", "hooks.example.org")]);
        _api = new ApiHost(_cluster);
    }

    public async Task DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ContractCollection : ICollectionFixture<ContractFixture>
{
    public const string Name = "contract";
}
