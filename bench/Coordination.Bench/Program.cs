using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Coordination.Bench;

// Coordination.Bench serve-plain --urls URL --body FILE   a plain minimal-API endpoint serving FILE's JSON at /plain (the anchor for reads)
// Coordination.Bench run ...                               the benchmark (see ./bench.sh, which starts everything it needs)
// Coordination.Bench run ... --cases N                     search and lists with the case directory filled to N cases instead
// Coordination.Bench fill-directory --postgres CS --cases N  only fills case_directory (migrated, empty) with the same N synthetic cases
if (args.FirstOrDefault() == "serve-plain")
{
    var plain = WebApplication.CreateSlimBuilder(args[1..]);
    plain.Logging.ClearProviders();
    var app = plain.Build();
    var json = await File.ReadAllBytesAsync(Option(args, "--body"));
    app.MapGet("/plain", () => Results.Bytes(json, "application/json"));
    await app.RunAsync();
    return 0;
}

if (args.FirstOrDefault() == "fill-directory")
{
    // Only the synthetic case directory, loaded in the steps the search benchmark loads, for EXPLAIN and experiments.
    var cases = int.Parse(Option(args, "--cases"), CultureInfo.InvariantCulture);
    var directory = new SyntheticCaseDirectory(cases, seed: SearchBenchmark.Seed);
    foreach (var step in SearchBenchmark.StepsTo(cases))
    {
        var took = directory.LoadTo(Option(args, "--postgres"), step);
        Console.WriteLine($"[bench] case_directory filled to {step:N0} cases in {took.TotalSeconds:N1} s");
    }
    return 0;
}

var settings = new BenchSettings(
    Api: Option(args, "--api"),
    PlainPort: int.Parse(Option(args, "--plain-port"), CultureInfo.InvariantCulture),
    Token: Option(args, "--token"),
    OperationsToken: OptionalOption(args, "--ops-token"),
    Postgres: Option(args, "--postgres"),
    Pgbench: Option(args, "--pgbench"),
    PgHost: Option(args, "--pg-host"),
    PgPort: int.Parse(Option(args, "--pg-port"), CultureInfo.InvariantCulture),
    PgbenchDatabase: Option(args, "--pgbench-db"),
    Seconds: int.Parse(Option(args, "--seconds"), CultureInfo.InvariantCulture),
    GrowTo: int.Parse(Option(args, "--grow-to"), CultureInfo.InvariantCulture),
    Output: Option(args, "--out"),
    Cases: int.Parse(OptionalOption(args, "--cases") ?? "0", CultureInfo.InvariantCulture),
    Only: OptionalOption(args, "--only"),
    TraceDirectory: OptionalOption(args, "--trace-dir"),
    Cpu: new ProcessCpu(Processes(int.Parse(Option(args, "--silo-pid"), CultureInfo.InvariantCulture), int.Parse(Option(args, "--api-pid"), CultureInfo.InvariantCulture)),
        int.Parse(Option(args, "--postmaster-pid"), CultureInfo.InvariantCulture)));
// With --cases N the run is "search and lists at N cases" instead (SearchBenchmark).
return settings.Cases > 0 ? await new SearchBenchmark(settings).RunAsync() : await new Benchmark(settings).RunAsync();

// A silo that serves the API itself (./bench.sh --cohosted) is one process: its CPU is the silo's.
static Dictionary<string, int> Processes(int silo, int api) =>
    silo == api ? new() { ["silo"] = silo } : new() { ["silo"] = silo, ["api"] = api };

static string Option(string[] args, string name) =>
    OptionalOption(args, name) ?? throw new ArgumentException($"{name} is required");

static string? OptionalOption(string[] args, string name) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

namespace Coordination.Bench
{
    public sealed record BenchSettings(string Api, int PlainPort, string Token, string? OperationsToken, string Postgres, string Pgbench, string PgHost, int PgPort,
        string PgbenchDatabase, int Seconds, int GrowTo, string Output, int Cases, string? Only, string? TraceDirectory, ProcessCpu Cpu);

    /// <summary>One measured figure beside its anchor.</summary>
    public sealed record Figure(
        string Workload, int OfficeCases, int Clients, double OkPerSecond, double P50Ms, double P99Ms, long NotOk,
        string Anchor, double AnchorBefore, double AnchorAfter, double Ratio, double CommitsPerOp, double WalSyncsPerOp, double WalKiBPerOp,
        IReadOnlyDictionary<string, double> CpuMicrosecondsPerOp);

    /// <summary>
    /// The run: fill an office to 1,000 cases; at 8 and 32 clients measure registrations,
    /// hold/resume transitions over many cases and hot case reads, each beside its anchor (pgbench -N
    /// for writes, a plain endpoint serving the same JSON for reads) measured just before and after;
    /// then grow the office and measure again at 32 clients.
    /// </summary>
    public sealed class Benchmark(BenchSettings settings)
    {
        private const string Office = "TAP";
        private const int TransitionCases = 2_000;
        private const int HotCases = 64;

        private readonly List<Figure> _figures = [];
        private readonly List<string> _registered = [];
        private readonly ConcurrentDictionary<string, bool> _onHold = new();
        private (MemorySample Before, MemorySample After)? _memory;
        private int _traced;
        private long _unique = DateTime.UtcNow.Ticks % 1_000_000_000;
        private TimeSpan Phase => TimeSpan.FromSeconds(settings.Seconds);
        private TimeSpan AnchorPhase => TimeSpan.FromSeconds(Math.Max(5, settings.Seconds / 2));

        public async Task<int> RunAsync()
        {
            using var http = ApiClient.CreateHttp(settings.Api, 64);
            var api = new ApiClient(http, settings.Token);

            Log($"filling {Office} to 1,000 cases");
            await GrowAsync(api, 1_000);
            var memory = settings.OperationsToken is { } operations
                ? new SiloMemory(settings.Cpu.Pids["silo"], settings.Api, operations, Path.GetTempPath())
                : null;
            var memoryBefore = memory is null ? null : await memory.SampleAsync();
            var plainServer = await StartPlainAsync(await api.ReadTextAsync($"/cases/{_registered[0]}"));
            using var plainHttp = ApiClient.CreateHttp($"http://127.0.0.1:{settings.PlainPort}", 64);
            var plain = new ApiClient(plainHttp, "none");
            foreach (var clients in new[] { 8, 32 })
            {
                await MeasureAsync(api, plain, clients);
            }
            Log($"growing {Office} to {settings.GrowTo:N0} cases");
            await GrowAsync(api, settings.GrowTo);
            if (memory is not null)
            {
                _memory = (memoryBefore!, await memory.SampleAsync());
                Log($"silo memory: {_memory.Value.Before} then {_memory.Value.After}");
            }
            await MeasureAsync(api, plain, 32);
            await WriteReportAsync();
            plainServer.Kill();
            return 0;
        }

        private async Task MeasureAsync(ApiClient api, ApiClient plain, int clients)
        {
            var size = _registered.Count;
            var newest = _registered.TakeLast(TransitionCases).ToArray();
            var hot = _registered.Take(HotCases).ToArray();
            if (settings.Only is "reads")
            {
                await MeasureReadsAsync(api, plain, clients, size, hot);
                return;
            }

            await WriteFigureAsync("registrations", size, clients, api, () => LoadRun.RunAsync("registrations", clients, Phase, async (_, _) =>
            {
                var number = await api.RegisterAsync(Office, Interlocked.Increment(ref _unique));
                if (number is not null)
                {
                    lock (_registered)
                    {
                        _registered.Add(number);
                    }
                }
                return number is not null;
            }));

            // Each client works its own slice of cases, so that no two hold or resume the same case at once.
            await WriteFigureAsync("transitions (hold/resume)", size, clients, api, () => LoadRun.RunAsync("transitions", clients, Phase, async (client, iteration) =>
            {
                var slice = newest.Length / clients;
                var caseNumber = newest[(client * slice) + (int)(iteration % slice)];
                var hold = !_onHold.GetValueOrDefault(caseNumber);
                var ok = await api.HoldOrResumeAsync(caseNumber, hold);
                if (ok)
                {
                    _onHold[caseNumber] = hold;
                }
                return ok;
            }));

            if (settings.Only is not "writes")
            {
                await MeasureReadsAsync(api, plain, clients, size, hot);
            }
        }

        private async Task MeasureReadsAsync(ApiClient api, ApiClient plain, int clients, int size, string[] hot)
        {
            var plainBefore = await PlainAsync(plain, clients);
            var counters = await PostgresCounters.ReadAsync(settings.Postgres);
            var cpu = settings.Cpu.Read();
            // With --trace-dir, the API and the silo are sampled (perf, a CPU profile) through the first reads at 32 clients.
            var traces = clients == 32 && settings.TraceDirectory is { } directory && _traced++ == 0
                ? settings.Cpu.Pids.Select(p => CpuTrace.Start(p.Value, Path.Combine(directory, $"reads-{p.Key}.perf"), Phase)).ToList()
                : [];
            var reads = await LoadRun.RunAsync("reads", clients, Phase, (client, iteration) => api.ReadAsync($"/cases/{hot[(int)((client + iteration) % hot.Length)]}"));
            var cpuSpent = ProcessCpu.Since(settings.Cpu.Read(), cpu);
            foreach (var trace in traces)
            {
                await trace.WaitAsync();
            }
            var spent = (await PostgresCounters.ReadAsync(settings.Postgres)).Since(counters);
            var plainAfter = await PlainAsync(plain, clients);
            Add("hot case reads (GET /cases/{n})", size, reads, "plain endpoint, same JSON (req/s)", plainBefore, plainAfter, spent, cpuSpent);
        }

        private async Task WriteFigureAsync(string workload, int size, int clients, ApiClient api, Func<Task<LoadResult>> run)
        {
            var before = await Pgbench.TpsAsync(settings.Pgbench, settings.PgHost, settings.PgPort, settings.PgbenchDatabase, clients, AnchorPhase);
            var counters = await PostgresCounters.ReadAsync(settings.Postgres);
            var cpu = settings.Cpu.Read();
            var result = await run();
            var cpuSpent = ProcessCpu.Since(settings.Cpu.Read(), cpu);
            var spent = (await PostgresCounters.ReadAsync(settings.Postgres)).Since(counters);
            var after = await Pgbench.TpsAsync(settings.Pgbench, settings.PgHost, settings.PgPort, settings.PgbenchDatabase, clients, AnchorPhase);
            Add(workload, size, result, "pgbench -N (tps)", before, after, spent, cpuSpent);
        }

        /// <summary>The anchor for reads: this program's own plain endpoint serving a case's JSON, in a process of its own.</summary>
        private async Task<System.Diagnostics.Process> StartPlainAsync(string caseJson)
        {
            var body = Path.Combine(Path.GetTempPath(), $"coordination-bench-{Environment.ProcessId}.json");
            await File.WriteAllTextAsync(body, caseJson);
            var self = Environment.ProcessPath!;
            var start = new System.Diagnostics.ProcessStartInfo(self, $"serve-plain --urls http://127.0.0.1:{settings.PlainPort} --body {body}");
            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                start = new System.Diagnostics.ProcessStartInfo(self, $"{typeof(Benchmark).Assembly.Location} serve-plain --urls http://127.0.0.1:{settings.PlainPort} --body {body}");
            }
            var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("The plain endpoint did not start.");
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    process.Kill();
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            };
            using var probe = ApiClient.CreateHttp($"http://127.0.0.1:{settings.PlainPort}", 1);
            for (var i = 0; i < 100; i++)
            {
                try
                {
                    (await probe.GetAsync("/plain")).EnsureSuccessStatusCode();
                    return process;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }
            throw new InvalidOperationException("The plain endpoint did not answer.");
        }

        private async Task<double> PlainAsync(ApiClient plain, int clients) =>
            (await LoadRun.RunAsync("plain", clients, AnchorPhase, (_, _) => plain.ReadAsync("/plain"))).OkPerSecond;

        private void Add(string workload, int size, LoadResult result, string anchor, double before, double after, PostgresCounters spent,
            IReadOnlyDictionary<string, double> cpu)
        {
            var operations = Math.Max(1, result.Ok + result.NotOk);
            var figure = new Figure(workload, size, result.Clients, Math.Round(result.OkPerSecond, 1), Math.Round(result.P50Ms, 2), Math.Round(result.P99Ms, 2),
                result.NotOk, anchor, Math.Round(before, 1), Math.Round(after, 1), Math.Round(result.OkPerSecond / ((before + after) / 2), 3),
                Math.Round((double)spent.Commits / operations, 2), Math.Round((double)spent.WalSyncs / operations, 3), Math.Round(spent.WalBytes / 1024.0 / operations, 2),
                cpu.ToDictionary(c => c.Key, c => Math.Round(c.Value * 1000 / operations)));
            _figures.Add(figure);
            Log($"{workload} at {size:N0} cases, {result.Clients} clients: {figure.OkPerSecond} ok/s (p50 {figure.P50Ms} ms, p99 {figure.P99Ms} ms, " +
                $"{figure.NotOk} not ok) = {figure.Ratio}x {anchor} [{figure.AnchorBefore} / {figure.AnchorAfter}]; " +
                $"{figure.CommitsPerOp} commits, {figure.WalSyncsPerOp} WAL flushes, {figure.WalKiBPerOp} KiB WAL per op; CPU µs/op " +
                string.Join(", ", figure.CpuMicrosecondsPerOp.Select(c => $"{c.Key} {c.Value}")));
        }

        /// <summary>Registers cases in the office (32 at a time) until the bench has registered <paramref name="count"/> there.</summary>
        private async Task GrowAsync(ApiClient api, int count)
        {
            var missing = count - _registered.Count;
            if (missing <= 0)
            {
                return;
            }
            var next = 0;
            await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) <= missing)
                {
                    var number = await api.RegisterAsync(Office, Interlocked.Increment(ref _unique));
                    if (number is not null)
                    {
                        lock (_registered)
                        {
                            _registered.Add(number);
                        }
                    }
                }
            })));
        }

        private async Task WriteReportAsync()
        {
            Directory.CreateDirectory(settings.Output);
            var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            var machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
            var json = JsonSerializer.Serialize(new { machine, cohosted = !settings.Cpu.Pids.ContainsKey("api"), phaseSeconds = settings.Seconds, figures = _figures, siloMemory = _memory is { } m ? new { before = m.Before, after = m.After } : null }, new JsonSerializerOptions { WriteIndented = true });
            await File.WriteAllTextAsync(Path.Combine(settings.Output, $"{stamp}.json"), json);

            var table = new StringBuilder();
            table.AppendLine(CultureInfo.InvariantCulture, $"# Benchmark {stamp}");
            table.AppendLine();
            table.AppendLine(CultureInfo.InvariantCulture, $"{machine}; each workload ran {settings.Seconds} s, each anchor {AnchorPhase.TotalSeconds} s just before and after it, on the same PostgreSQL (durable: fsync and synchronous commit on).");
            table.AppendLine();
            table.AppendLine(settings.Cpu.Pids.ContainsKey("api")
                ? "Deployment: the API in a process of its own (an Orleans client), one silo."
                : "Deployment: one silo that serves the API itself (co-hosted, `Api__Urls`); its CPU is in the silo column.");
            table.AppendLine();
            table.AppendLine("| workload | office cases | clients | ok/s | p50 ms | p99 ms | not 2xx | anchor | anchor before / after | ratio | commits/op | WAL flushes/op | WAL KiB/op | CPU µs/op: silo, API, PostgreSQL, load |");
            table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|");
            foreach (var f in _figures)
            {
                table.AppendLine(CultureInfo.InvariantCulture,
                    $"| {f.Workload} | {f.OfficeCases:N0} | {f.Clients} | {f.OkPerSecond} | {f.P50Ms} | {f.P99Ms} | {f.NotOk} | {f.Anchor} | {f.AnchorBefore} / {f.AnchorAfter} | {f.Ratio}x | {f.CommitsPerOp} | {f.WalSyncsPerOp} | {f.WalKiBPerOp} | {Cpu(f, "silo")}, {Cpu(f, "api")}, {Cpu(f, "postgres")}, {Cpu(f, "load generator")} |");
            }
            table.AppendLine();
            table.AppendLine("commits/op counts every transaction PostgreSQL committed during the workload (read-only ones, the event log's readers and the audit trail included) divided by the operations; WAL flushes/op is how often the WAL was synced to disk per operation (what group commit saves).");
            if (_memory is { } memory)
            {
                var (before, after) = memory;
                var actors = after.CaseActivations - before.CaseActivations;
                table.AppendLine();
                table.AppendLine("## Silo memory per active case");
                table.AppendLine();
                table.AppendLine("| when | active case actors | managed heap (after a full GC) | resident anonymous memory |");
                table.AppendLine("|---|---:|---:|---:|");
                table.AppendLine(CultureInfo.InvariantCulture, $"| office at 1,000 cases | {before.CaseActivations:N0} | {before.HeapBytes / 1048576.0:N1} MiB | {before.RssAnonBytes / 1048576.0:N1} MiB |");
                table.AppendLine(CultureInfo.InvariantCulture, $"| after growing to {settings.GrowTo:N0} | {after.CaseActivations:N0} | {after.HeapBytes / 1048576.0:N1} MiB | {after.RssAnonBytes / 1048576.0:N1} MiB |");
                if (actors > 0)
                {
                    table.AppendLine(CultureInfo.InvariantCulture,
                        $"| per additional active case | | {(after.HeapBytes - before.HeapBytes) / 1024.0 / actors:N1} KiB | {(after.RssAnonBytes - before.RssAnonBytes) / 1024.0 / actors:N1} KiB |");
                }
                table.AppendLine();
                table.AppendLine("Measured with dotnet-gcdump (the heap live after a full collection) and /proc (RssAnon); active case actors from the Orleans dashboard. Everything the silo holds per active case is counted: the actor, its state, Orleans' activation and directory entries, the subject-key cache.");
            }
            await File.WriteAllTextAsync(Path.Combine(settings.Output, $"{stamp}.md"), table.ToString());
            Log($"results: {Path.Combine(settings.Output, stamp)}.md and .json");
        }

        private static string Cpu(Figure figure, string process) =>
            figure.CpuMicrosecondsPerOp.TryGetValue(process, out var micros) ? micros.ToString("N0", CultureInfo.InvariantCulture) : "(in silo)";

        private static void Log(string message) => Console.WriteLine($"[bench] {message}");
    }
}
