using Coordination.Testing;

namespace Coordination.Api.Tests;

/// <summary>One database, one cluster and one API host shared by a test collection.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private TestPostgres? _database;
    private CoordinationTestCluster? _cluster;
    private ApiHost? _api;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateAsync("api");
        _cluster = await CoordinationTestCluster.StartAsync(_database);
        _api = new ApiHost(_cluster);
        Http = _api.CreateClient();
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
