using Coordination.Api.Security;
using Coordination.Grains.Interfaces.Commands;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Coordination.Browser.Tests;

/// <summary>
/// A database and cluster of their own, the API program on Kestrel on a free port (a browser needs
/// a real socket), and Debian's Chromium driven by Playwright, headless.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private TestPostgres? _database;
    private CoordinationTestCluster? _cluster;
    private KestrelApi? _api;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IClusterClient Grains => _cluster?.Client ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Where screenshots go: COORDINATION_TEST_OUTPUT (test.sh sets it), or the test's build output.</summary>
    public static string OutputDirectory { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("COORDINATION_TEST_OUTPUT") is { Length: > 0 } output ? output : AppContext.BaseDirectory, "screenshots");

    public string Token(StaffRole role, string? office = null, string? authority = null) =>
        new TokenMinter(new TokenOptions { SigningKey = SigningKey }, TimeProvider.System)
            .Mint($"{role.ToString().ToLowerInvariant()}@{office ?? authority ?? "coordination"}", role, office, authority);

    /// <summary>An HTTP client of the API, as an app would call it, with a token for this identity.</summary>
    public HttpClient Client(StaffRole role, string? office = null, string? authority = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", Token(role, office, authority));
        return client;
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The browser tests drive Debian's Chromium at {ChromiumPath}; ./test.sh installs it (apt-get install chromium).");
        }
        _database = await TestPostgres.CreateAsync("browser");
        _cluster = await CoordinationTestCluster.StartAsync(_database);
        _api = new KestrelApi(_cluster, SigningKey);
        _api.UseKestrel(0);
        _api.StartServer();
        BaseAddress = _api.ClientOptions.BaseAddress;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        Directory.CreateDirectory(OutputDirectory);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
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

    /// <summary>The API program, as deployed, joined to the test cluster through PostgreSQL.</summary>
    private sealed class KestrelApi(CoordinationTestCluster cluster, string signingKey) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Coordination", cluster.ConnectionString);
            builder.UseSetting("Orleans:ClusterId", cluster.ClusterId);
            builder.UseSetting("Orleans:ServiceId", CoordinationTestCluster.ServiceId);
            builder.UseSetting("Authentication:SigningKey", signingKey);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
