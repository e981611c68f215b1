using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>
/// Tests that inject faults into PostgreSQL or rebuild read models: they get a database and a
/// cluster of their own, so that nothing they break reaches the other collections.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EventLogCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "event-log";
}
