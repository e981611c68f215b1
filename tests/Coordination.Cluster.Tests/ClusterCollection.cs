using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>Tests that share one PostgreSQL database and one running cluster.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
