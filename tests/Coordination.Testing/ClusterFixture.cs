using Xunit;

namespace Coordination.Testing;

/// <summary>One database and one cluster shared by a test collection; tests isolate themselves with fresh keys.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private TestPostgres? _database;
    private CoordinationTestCluster? _cluster;

    public TestPostgres Database => _database ?? throw new InvalidOperationException("The fixture has not started.");
    public CoordinationTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture has not started.");
    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateAsync("cluster");
        _cluster = await CoordinationTestCluster.StartAsync(_database);
    }

    public async Task DisposeAsync()
    {
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
