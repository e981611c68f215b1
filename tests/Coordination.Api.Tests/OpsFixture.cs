using Coordination.Grains.Interfaces.Commands;
using Coordination.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Coordination.Api.Tests;

/// <summary>
/// A database, cluster and API of their own for the operations figures, whose grains and API read
/// the time from one fake clock: the figures count everything in that database exactly, and a
/// test moves time on to make durations and SLA breaches happen.
/// </summary>
public sealed class OpsFixture : IAsyncLifetime
{
    private TestPostgres? _database;
    private CoordinationTestCluster? _cluster;
    private ApiHost? _api;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public ApiHost Api => _api ?? throw new InvalidOperationException("The fixture has not started.");

    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("The fixture has not started.");

    public IClusterClient Grains => _cluster?.Client ?? throw new InvalidOperationException("The fixture has not started.");

    public CoordinationTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture has not started.");

    public HttpClient As(StaffRole role, string? office = null, string? authority = null) => Api.ClientAs(role, office, authority);

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateAsync("ops");
        _cluster = await CoordinationTestCluster.StartAsync(_database, clock: Clock);
        _api = new ApiHost(_cluster, Clock);
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
public sealed class OpsCollection : ICollectionFixture<OpsFixture>
{
    public const string Name = "ops";
}
