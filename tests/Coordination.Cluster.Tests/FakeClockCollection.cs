using Coordination.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>
/// Tests about periods (break-glass access that ends, personal data kept for years) share a
/// database and a cluster whose clock they move. They read times relative to "now", so moving it
/// never breaks another test of the collection.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FakeClockCollection : ICollectionFixture<FakeClockFixture>
{
    public const string Name = "fake-clock";
}

public sealed class FakeClockFixture : IAsyncLifetime
{
    private TestPostgres? _database;
    private CoordinationTestCluster? _cluster;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public TestPostgres Database => _database ?? throw new InvalidOperationException("The fixture has not started.");
    public IClusterClient Client => (_cluster ?? throw new InvalidOperationException("The fixture has not started.")).Client;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateAsync("clock");
        _cluster = await CoordinationTestCluster.StartAsync(_database, clock: Clock);
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
