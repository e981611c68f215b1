using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>
/// A database and cluster of their own whose silos read a rule file (a copy of the shipped
/// Silo/rules.yaml in a folder of the fixture's), so that the rules' effects never reach the tests
/// of the shared cluster, which declares none.
/// </summary>
public sealed class RulesFixture : IAsyncLifetime
{
    private TestPostgres? _database;
    private CoordinationTestCluster? _cluster;

    public string RuleFile { get; } = Path.Combine(Path.GetTempPath(), $"coordination-rules-{Guid.NewGuid():N}", "rules.yaml");

    public TestPostgres Database => _database ?? throw new InvalidOperationException("The fixture has not started.");
    public CoordinationTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture has not started.");
    public IClusterClient Grains => Cluster.Client;

    /// <summary>The shipped rule file's text.</summary>
    public static string Shipped()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "Silo", "rules.yaml");
            if (File.Exists(candidate))
            {
                return File.ReadAllText(candidate);
            }
        }
        throw new FileNotFoundException("Silo/rules.yaml was not found above the test's directory.");
    }

    /// <summary>Settings that make a cluster's silos read <paramref name="ruleFile"/> (looking at it on every event).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings(string ruleFile) =>
    [
        new("Coordination:Rules:Path", ruleFile),
        new("Coordination:Rules:CheckEvery", "00:00:00"),
    ];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(RuleFile)!);
        await File.WriteAllTextAsync(RuleFile, Shipped());
        _database = await TestPostgres.CreateAsync("rules");
        _cluster = await CoordinationTestCluster.StartAsync(_database, settings: Settings(RuleFile));
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
        Directory.Delete(Path.GetDirectoryName(RuleFile)!, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class RulesCollection : ICollectionFixture<RulesFixture>
{
    public const string Name = "rules";
}
