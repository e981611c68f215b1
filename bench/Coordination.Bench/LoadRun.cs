using System.Diagnostics;

namespace Coordination.Bench;

/// <summary>What one workload achieved: completed operations, how long they took, how many were refused.</summary>
public sealed record LoadResult(string Name, int Clients, double Seconds, long Ok, long NotOk, double P50Ms, double P99Ms, double MaxMs)
{
    public double OkPerSecond => Ok / Seconds;
}

/// <summary>
/// Runs <c>clients</c> loops at once for a fixed time, each doing one operation after another (a
/// closed loop, as an app's users or workers do), and records each operation's latency.
/// </summary>
public static class LoadRun
{
    /// <summary>One operation of client <c>i</c>; true when it got the answer it wanted (2xx).</summary>
    public delegate Task<bool> Operation(int client, long iteration);

    public static async Task<LoadResult> RunAsync(string name, int clients, TimeSpan duration, Operation operation)
    {
        var latencies = new List<double>[clients];
        var ok = new long[clients];
        var notOk = new long[clients];
        var clock = Stopwatch.StartNew();
        var deadline = duration;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var mine = latencies[client] = new List<double>(16_384);
            for (long i = 0; clock.Elapsed < deadline; i++)
            {
                var started = clock.Elapsed;
                bool success;
                try
                {
                    success = await operation(client, i);
                }
                catch (HttpRequestException)
                {
                    success = false;
                }
                mine.Add((clock.Elapsed - started).TotalMilliseconds);
                if (success)
                {
                    ok[client]++;
                }
                else
                {
                    notOk[client]++;
                }
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
        return new LoadResult(name, clients, seconds, ok.Sum(), notOk.Sum(), Percentile(0.50), Percentile(0.99), all.Length == 0 ? 0 : all[^1]);
    }
}
