using Coordination.Grains.Interfaces.Commands;
using Coordination.Testing;

namespace Coordination.Api.Tests;

/// <summary>One database, one cluster and one API host shared by a test collection.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private TestPostgres? _database;
    private CoordinationTestCluster? _cluster;
    private ApiHost? _api;

    /// <summary>A service account that may work cases at every office: for tests about the API's answers, not its access rules.</summary>
    public HttpClient Http { get; private set; } = null!;

    public ApiHost Api => _api ?? throw new InvalidOperationException("The fixture has not started.");

    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("The fixture has not started.");

    public IClusterClient Grains => _cluster?.Client ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>A client with a token for this identity.</summary>
    public HttpClient As(StaffRole role, string? office = null, string? authority = null) => Api.ClientAs(role, office, authority);

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateAsync("api");
        _cluster = await CoordinationTestCluster.StartAsync(_database);
        _api = new ApiHost(_cluster);
        Http = _api.ClientAs(StaffRole.Automation, office: "*", name: "automation@tests");
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
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
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
