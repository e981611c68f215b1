using System.Net.Http.Headers;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Process.Tests;

/// <summary>
/// PostgreSQL, silos and API nodes as separate processes on one machine, each on ports of its own,
/// as ./run.sh or several machines would run them. Disposing stops them all.
/// </summary>
public sealed class SystemUnderTest : IAsyncDisposable
{
    /// <summary>The master key of the test deployment (a fixed one: its database is thrown away).</summary>
    public const string MasterKey = "cHJvY2Vzcy10ZXN0cy1tYXN0ZXIta2V5LTMyLWJ5dGU=";

    public static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private SystemUnderTest(OwnPostgres postgres, IReadOnlyList<Node> silos, IReadOnlyList<Node> apis)
    {
        Postgres = postgres;
        Silos = silos;
        Apis = apis;
    }

    public OwnPostgres Postgres { get; }
    public IReadOnlyList<Node> Silos { get; }
    /// <summary>The nodes that serve the HTTP API: the silos that serve it themselves first, then the API processes.</summary>
    public IReadOnlyList<Node> Apis { get; }

    /// <summary>
    /// Starts the system; <paramref name="siloSettings"/> are added to each silo's environment. The
    /// first <paramref name="cohosted"/> silos serve the API themselves, besides the <paramref name="apis"/> API processes.
    /// </summary>
    public static async Task<SystemUnderTest> StartAsync(int silos, int apis, IReadOnlyDictionary<string, string>? siloSettings = null, int cohosted = 0)
    {
        var postgres = await OwnPostgres.StartAsync();
        var clusterId = $"process-{Guid.NewGuid():N}";
        var siloNodes = Enumerable.Range(0, silos)
            .Select(i => Node.Silo(i < cohosted ? $"silo {i} serving the API" : $"silo {i}", postgres.ConnectionString, clusterId, Repository.FreePort(), Repository.FreePort(), siloSettings,
                apiPort: i < cohosted ? Repository.FreePort() : null)).ToList();
        var apiProcesses = Enumerable.Range(0, apis)
            .Select(i => Node.Api($"api {i}", postgres.ConnectionString, clusterId, Repository.FreePort())).ToList();
        var apiNodes = siloNodes.Take(cohosted).Concat(apiProcesses).ToList();
        var system = new SystemUnderTest(postgres, siloNodes, apiNodes);
        try
        {
            // The first silo applies the schema; the others then find it in place.
            await siloNodes[0].StartAsync();
            await Task.WhenAll(siloNodes.Skip(1).Select(s => s.StartAsync()));
            await Task.WhenAll(apiProcesses.Select(a => a.StartAsync()));
            foreach (var api in apiNodes)
            {
                await system.WaitUntilReadyAsync(api);
            }
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>An HTTP client of an API node, with a token for this identity.</summary>
    public HttpClient Client(int api, StaffRole role, string? office = null, string? authority = null)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Apis[api].ReadyPort}"), Timeout = TimeSpan.FromSeconds(40) };
        var token = new TokenMinter(new TokenOptions { SigningKey = SigningKey }, TimeProvider.System)
            .Mint($"{role.ToString().ToLowerInvariant()}@{office ?? authority ?? "coordination"}", role, office, authority);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Waits until the node's readiness answers 200.</summary>
    public async Task WaitUntilReadyAsync(Node api, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{api.ReadyPort}"), Timeout = TimeSpan.FromSeconds(10) };
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < (timeout ?? TimeSpan.FromSeconds(60)))
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{api.Name} was not ready within {timeout ?? TimeSpan.FromSeconds(60)}: {api.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Apis.Concat(Silos.Reverse()).Distinct())
        {
            await node.DisposeAsync();
        }
        await Postgres.DisposeAsync();
    }
}
