using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Coordination.Bench;

/// <summary>The silo's memory at one moment: managed heap after a full collection, resident anonymous memory, and active case actors.</summary>
public sealed record MemorySample(long HeapBytes, long RssAnonBytes, int CaseActivations);

/// <summary>
/// Measures the silo's memory from outside: dotnet-gcdump (a local tool of this repository)
/// forces a full collection and reports the live heap; /proc gives the resident memory; the
/// Orleans dashboard counts the active case actors.
/// </summary>
public sealed class SiloMemory(int siloPid, string api, string operationsToken, string workDirectory)
{
    public async Task<MemorySample> SampleAsync()
    {
        var dump = Path.Combine(workDirectory, $"silo-{DateTime.UtcNow.Ticks}.gcdump");
        await ToolAsync($"collect -p {siloPid} -o {dump}");
        var report = await ToolAsync($"report {dump}");
        File.Delete(dump);
        var heapLine = report.Split('\n').FirstOrDefault(l => l.Contains("GC Heap bytes", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"dotnet-gcdump gave no heap size: {report}");
        var heap = long.Parse(heapLine.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        var rss = File.ReadLines($"/proc/{siloPid}/status").Where(l => l.StartsWith("RssAnon:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024).First();
        return new MemorySample(heap, rss, await CaseActivationsAsync());
    }

    private async Task<int> CaseActivationsAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(api) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operationsToken);
        // The dashboard's figures are collected every few seconds: wait for two that agree.
        var last = -1;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var counters = JsonNode.Parse(await http.GetStringAsync("/dashboard/DashboardCounters"))!;
            var cases = counters["simpleGrainStats"]!.AsArray()
                .Where(g => g!["grainType"]!.GetValue<string>().EndsWith(".CaseGrain", StringComparison.Ordinal))
                .Sum(g => g!["activationCount"]!.GetValue<int>());
            if (cases == last)
            {
                return cases;
            }
            last = cases;
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        return last;
    }

    private static async Task<string> ToolAsync(string arguments)
    {
        var start = new ProcessStartInfo("dotnet", $"tool run dotnet-gcdump {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet-gcdump did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet-gcdump {arguments} failed: {errors}{output}");
        }
        return output;
    }
}
