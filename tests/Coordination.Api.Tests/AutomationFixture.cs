using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Tests;

/// <summary>
/// A database, cluster and API of their own for automation: the silos read the shipped rule file
/// (Silo/rules.yaml) and may call the test's webhook receiver on loopback (the allow-list names
/// 127.0.0.1, plain http allowed), retrying quickly, so that tests see rules fire, and retries,
/// back-off and dead letters in seconds.
/// </summary>
public sealed class AutomationFixture : IAsyncLifetime
{
    private TestPostgres? _database;
    private CoordinationTestCluster? _cluster;
    private ApiHost? _api;

    /// <summary>How long a failing delivery is retried before it is dead-lettered, here.</summary>
    public static readonly TimeSpan DeadLetterAfter = TimeSpan.FromSeconds(4);

    public WebhookReceiver Receiver { get; private set; } = null!;
    public TestPostgres Database => _database ?? throw new InvalidOperationException("The fixture has not started.");
    public IClusterClient Grains => _cluster?.Client ?? throw new InvalidOperationException("The fixture has not started.");
    public HttpClient Administrator { get; private set; } = null!;

    /// <summary>A client with a token for this identity.</summary>
    public HttpClient As(StaffRole role, string? office = null, string? authority = null) =>
        (_api ?? throw new InvalidOperationException("The fixture has not started.")).ClientAs(role, office, authority);

    private readonly string _ruleFile = Path.Combine(Path.GetTempPath(), $"coordination-rules-{Guid.NewGuid():N}.yaml");

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_ruleFile, ShippedRules());
        Receiver = await WebhookReceiver.StartAsync();
        _database = await TestPostgres.CreateAsync("automation");
        // Two silos: their dispatchers compete for each subscription's lock, and deliveries must still come once and in order.
        _cluster = await CoordinationTestCluster.StartAsync(_database, silos: 2, settings:
        [
            new("Coordination:Webhooks:AllowedHosts:0", "127.0.0.1"),
            new("Coordination:Webhooks:AllowHttp", "true"),
            new("Coordination:Webhooks:PollInterval", "00:00:00.100"),
            new("Coordination:Webhooks:Retries", "1"),
            new("Coordination:Webhooks:RetryDelay", "00:00:00.050"),
            new("Coordination:Webhooks:Backoff", "00:00:00.200"),
            new("Coordination:Webhooks:MaxBackoff", "00:00:00.500"),
            new("Coordination:Webhooks:AttemptTimeout", "00:00:05"),
            new("Coordination:Webhooks:DeadLetterAfter", DeadLetterAfter.ToString()),
            new("Coordination:Rules:Path", _ruleFile),
        ]);
        _api = new ApiHost(_cluster);
        Administrator = _api.ClientAs(StaffRole.Administrator, name: "admin@tests");
    }

    public async Task DisposeAsync()
    {
        Administrator?.Dispose();
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
        await Receiver.DisposeAsync();
        File.Delete(_ruleFile);
    }

    private static string ShippedRules()
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
}

[CollectionDefinition(Name)]
public sealed class AutomationCollection : ICollectionFixture<AutomationFixture>
{
    public const string Name = "automation";
}
