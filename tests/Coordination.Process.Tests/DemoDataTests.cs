using System.Diagnostics;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Process.Tests;

/// <summary>
/// <c>./run.sh --demo</c>'s filler against the system as deployed (the silo with the demo's settings):
/// it fills an empty system through the API without a refused request, the operations figures then
/// show cases in most statuses, of many nationalities, at every office, with transfers, consulates'
/// travel documents and referrals waiting on INM; run again it leaves a system with cases alone. The
/// silo serves Orleans', Npgsql's and the runtime's meters on its Prometheus port meanwhile.
/// </summary>
public sealed class DemoDataTests() : RunningSystemTest(silos: 1, apis: 1, new Dictionary<string, string>
{
    ["DOTNET_ENVIRONMENT"] = "Demo",
    ["Telemetry__PrometheusPort"] = SiloMetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
})
{
    private static readonly int SiloMetricsPort = Repository.FreePort();

    private async Task<string> RunDemoAsync(int cases)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(Repository.Root, "demo", "Coordination.Demo", "bin", Repository.Configuration, "net10.0", "Coordination.Demo.dll"),
            "--url", $"http://127.0.0.1:{Deployment.Apis[0].ReadyPort}", "--cases", cases.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "11"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["Authentication__SigningKey"] = SystemUnderTest.SigningKey },
        };
        using var demo = System.Diagnostics.Process.Start(start)!;
        var output = demo.StandardOutput.ReadToEndAsync();
        var errors = demo.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await demo.WaitForExitAsync(timeout.Token);
        Assert.True(demo.ExitCode == 0, $"the demo exited with {demo.ExitCode}: {await output} {await errors}");
        return await output;
    }

    [Fact]
    public async Task The_demo_fills_an_empty_system_through_the_api_with_a_realistic_picture()
    {
        var operations = Deployment.Client(0, StaffRole.Operations);

        var output = await RunDemoAsync(cases: 120);
        await operations.WaitForReadModelsAsync();
        var figures = await operations.GetOkAsync("/ops/figures");

        Assert.Contains("0 refused or failed", output);
        var statuses = figures["casesByStatus"]!.AsArray().Where(s => s!["cases"]!.GetValue<int>() > 0).Select(s => s!["status"]!.GetValue<string>()).ToList();
        Assert.True(statuses.Count >= 12, $"cases in only {statuses.Count} statuses: {string.Join(", ", statuses)}");
        Assert.Equal(120, figures["casesByStatus"]!.AsArray().Sum(s => s!["cases"]!.GetValue<int>()));
        var nationalities = figures["nationalities"]!.AsArray().Select(n => n!["nationality"]!.GetValue<string>()).ToList();
        Assert.True(nationalities.Count >= 15, $"only {nationalities.Count} nationalities");
        Assert.Contains("VEN", nationalities.Take(8)); // most from South America
        Assert.All(figures["offices"]!.AsArray(), o => Assert.True(o!["openCases"]!.GetValue<int>() > 0, $"{o["office"]} has no open case"));
        Assert.NotEmpty(figures["transfers"]!.AsArray());
        var referrals = figures["referrals"]!.AsArray();
        Assert.Contains(referrals, r => r!["to"]!.GetValue<string>().StartsWith("CONS-", StringComparison.Ordinal) && r["completed"]!.GetValue<int>() > 0);
        Assert.Contains(referrals, r => r!["to"]!.GetValue<string>() == "INM" && r["open"]!.GetValue<int>() > 0);
        Assert.Contains(figures["turnaround"]!.AsArray(), t => t!["to"]!.GetValue<string>() == "INM" && t["answered"]!.GetValue<int>() > 0);

        Assert.Contains("already has cases", await RunDemoAsync(cases: 10));
        await operations.WaitForReadModelsAsync();
        Assert.Equal(120, (await operations.GetOkAsync("/ops/figures"))["casesByStatus"]!.AsArray().Sum(s => s!["cases"]!.GetValue<int>()));

        using var scraper = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var metrics = await scraper.GetStringAsync($"http://127.0.0.1:{SiloMetricsPort}/metrics");
        Assert.Contains("orleans_", metrics);
        Assert.Contains("db_client_operation_duration_seconds", metrics);
        Assert.Contains("dotnet_gc_collections_total", metrics);
    }
}
