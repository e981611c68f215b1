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

    public static Task<LoadResult> RunAsync(string name, int clients, TimeSpan duration, Operation operation) =>
        RunAsync(name, clients, (clock, _, done) => clock.Elapsed < duration ? done : null, operation);

    /// <summary>
    /// Runs <c>clients</c> loops at once (closed loops, as above) that together do <c>requests</c>
    /// operations; each operation is given its number in the run (0 to requests - 1) as its iteration.
    /// </summary>
    public static Task<LoadResult> RunCountAsync(string name, int clients, int requests, Operation operation)
    {
        long taken = -1;
        return RunAsync(name, clients, (_, _, _) => Interlocked.Increment(ref taken) is var number && number < requests ? number : null, operation);
    }

    /// <summary>The iteration a client does next (given the clock, the client and how many it has done), or null when it stops.</summary>
    private delegate long? Next(Stopwatch clock, int client, long done);

    private static async Task<LoadResult> RunAsync(string name, int clients, Next next, Operation operation)
    {
        var latencies = new List<double>[clients];
        var ok = new long[clients];
        var notOk = new long[clients];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var mine = latencies[client] = new List<double>(16_384);
            for (long done = 0; next(clock, client, done) is { } i; done++)
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
