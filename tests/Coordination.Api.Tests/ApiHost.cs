using Coordination.Api.Security;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Api.Tests;

/// <summary>
/// The API program, hosted in the test process, joined as an Orleans client to a test cluster
/// whose gateways it finds in PostgreSQL, exactly as the deployed API finds the silos.
/// </summary>
public sealed class ApiHost(CoordinationTestCluster cluster, TimeProvider? clock = null, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    /// <summary>The key tokens are signed with in tests; random per test run.</summary>
    public static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>An HTTP client whose requests carry a token for this identity.</summary>
    public HttpClient ClientAs(StaffRole role, string? office = null, string? authority = null, string? name = null, string? subject = null)
    {
        var client = CreateClient();
        var minter = new TokenMinter(new TokenOptions { SigningKey = SigningKey }, TimeProvider.System);
        var token = minter.Mint(name ?? $"{role.ToString().ToLowerInvariant()}@{office ?? authority ?? "coordination"}", role, office, authority, subject);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Coordination", cluster.ConnectionString);
        builder.UseSetting("Orleans:ClusterId", cluster.ClusterId);
        builder.UseSetting("Orleans:ServiceId", CoordinationTestCluster.ServiceId);
        builder.UseSetting("Authentication:SigningKey", SigningKey);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        if (clock is not null)
        {
            // The same fake clock as the cluster's: "today" of the figures is the day the events happened.
            builder.ConfigureServices(services => services.AddSingleton(clock));
        }
    }
}
