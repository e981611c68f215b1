using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Cases;
using Npgsql;

namespace Coordination.Bench;

/// <summary>One measured list or search workload at one size of the case directory.</summary>
public sealed record SearchFigure(
    string Workload, int Cases, int Clients, int Requests, double OkPerSecond, double P50Ms, double P99Ms, double MaxMs, long NotOk,
    double RowsPerAnswer, string Example, IReadOnlyDictionary<string, double> CpuMicrosecondsPerOp);

/// <summary>How one step of the case directory was loaded.</summary>
public sealed record DirectoryLoad(int Cases, int Added, double CopySeconds, double VacuumAnalyzeSeconds, double RowsPerSecond, string TableSize, string IndexesSize);

/// <summary>
/// "Search and lists at N cases": fills <c>case_directory</c> with synthetic cases by binary COPY in
/// steps (10,000, 100,000, 1,000,000; those up to N, and N), and after each step (VACUUM ANALYZE) measures
/// through the API, with the bench's automation token (office *), a fixed number of requests of each
/// list and search a caseworker app makes, at a fixed number of clients.
/// </summary>
public sealed class SearchBenchmark(BenchSettings settings)
{
    public const int Clients = 4;
    public const int Seed = 20_261_128;
    public const int Requests = 2_000;
    private const int WarmUp = 100;
    private static readonly int[] Steps = [10_000, 100_000, 1_000_000];
    private static readonly CaseStatus[] ListedStatuses = [CaseStatus.Registered, CaseStatus.Consented, CaseStatus.OnHold, CaseStatus.Reintegration, CaseStatus.Closed];

    private readonly List<SearchFigure> _figures = [];
    private readonly List<DirectoryLoad> _loads = [];

    /// <summary>The sizes measured on the way to <paramref name="cases"/>: 10,000, 100,000 and 1,000,000 below it, and itself.</summary>
    public static IEnumerable<int> StepsTo(int cases) => Steps.Where(s => s < cases).Append(cases);

    /// <summary>One kind of request: a name and the query string of request number <c>n</c> (a query string, from the samples).</summary>
    private sealed record Workload(string Name, Func<long, string> Query);

    public async Task<int> RunAsync()
    {
        using var http = ApiClient.CreateHttp(settings.Api, Clients);
        var api = new ApiClient(http, settings.Token);
        var directory = new SyntheticCaseDirectory(settings.Cases, Seed);
        foreach (var step in StepsTo(settings.Cases))
        {
            Log($"loading case_directory to {step:N0} cases (binary COPY)");
            var added = step - directory.Loaded;
            var copy = directory.LoadTo(settings.Postgres, step);
            var vacuum = await VacuumAnalyzeAsync();
            var (table, indexes) = await SizesAsync();
            var load = new DirectoryLoad(step, added, Math.Round(copy.TotalSeconds, 1), Math.Round(vacuum.TotalSeconds, 1),
                Math.Round(added / copy.TotalSeconds), table, indexes);
            _loads.Add(load);
            Log($"{added:N0} rows in {load.CopySeconds} s ({load.RowsPerSecond:N0} rows/s), VACUUM ANALYZE {load.VacuumAnalyzeSeconds} s; table {table}, indexes {indexes}");

            var workloads = Workloads(directory.Samples);
            foreach (var workload in workloads)
            {
                await CheckAsync(api, workload);
            }
            await LoadRun.RunCountAsync("warm-up", Clients, WarmUp * workloads.Count,
                (_, n) => api.ReadAsync($"/cases?{workloads[(int)(n % workloads.Count)].Query(n)}"));
            foreach (var workload in workloads)
            {
                await MeasureAsync(api, workload, step);
            }
        }
        await WriteReportAsync();
        return 0;
    }

    /// <summary>
    /// What a caseworker app asks: searches for a family name a loaded case has (one word, or every
    /// third time two: a given and a family name), the same within the case's office, a document
    /// number's first 4 to 6 characters; an office's list (first page, a page from a cursor deep in,
    /// filtered by a status); every office's list (automation), first page and from deep in.
    /// </summary>
    private static List<Workload> Workloads(IReadOnlyList<SampleCase> samples)
    {
        var documented = samples.Where(s => s.DocumentNumber is not null).ToArray();
        // Deep in: cases registered in the middle two of the four years, so that about half of the list comes before them.
        var middle = samples.Where(s => s.RegisteredAt.Year is 2024 or 2025).DefaultIfEmpty(samples[0]).ToArray();
        var offices = SyntheticCaseDirectory.Offices;
        SampleCase Sample(long n) => samples[(int)((n * 7919) % samples.Count)];
        static string Word(string names, long n) => names.Split(' ')[(int)(n % names.Split(' ').Length)];
        string Name(long n)
        {
            var found = Sample(n);
            var family = Word(found.FamilyNames, n / 3);
            return n % 3 == 2 ? $"{Word(found.GivenNames, n)} {family}" : family;
        }
        return
        [
            new("name search (family name; every third: given + family)", n => $"q={Uri.EscapeDataString(Name(n))}"),
            new("name search within an office", n => $"office={Sample(n).OfficeCode}&q={Uri.EscapeDataString(Name(n))}"),
            new("document number prefix (4-6 characters)", n =>
            {
                var document = documented[(int)((n * 7919) % documented.Length)].DocumentNumber!;
                return $"q={document[..Math.Min(document.Length, 4 + (int)(n % 3))]}";
            }),
            new("office list, first page", n => $"office={offices[n % offices.Length]}"),
            new("office list, page from a cursor deep in", n =>
            {
                var from = middle[(int)((n * 7919) % middle.Length)];
                return $"office={from.OfficeCode}&cursor={Cursor(from)}";
            }),
            new("office list, one status", n => $"office={offices[n % offices.Length]}&status={ListedStatuses[(n / offices.Length) % ListedStatuses.Length]}"),
            new("all offices list, first page", _ => ""),
            new("all offices list, page from a cursor deep in", n => $"cursor={Cursor(middle[(int)((n * 7919) % middle.Length)])}"),
        ];
    }

    /// <summary>
    /// The cursor the API gives out for a page that ends at this case (CaseListEndpoints.WriteCursor): the
    /// bench makes it instead of paging half a million rows to get there. A changed format shows as not 2xx.
    /// </summary>
    private static string Cursor(SampleCase last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.RegisteredAt.Ticks.ToString(CultureInfo.InvariantCulture)}|{last.CaseNumber}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Each workload answers 2xx, and the searches find cases, before anything is measured.</summary>
    private static async Task CheckAsync(ApiClient api, Workload workload)
    {
        for (var n = 0; n < 3; n++)
        {
            var query = workload.Query(n);
            var page = JsonNode.Parse(await api.ReadTextAsync($"/cases?{query}"))!;
            if (page["items"]!.AsArray().Count == 0)
            {
                throw new InvalidOperationException($"'{workload.Name}' found nothing for ?{query}: the bench's queries do not match the loaded cases.");
            }
        }
    }

    private async Task MeasureAsync(ApiClient api, Workload workload, int cases)
    {
        var cpu = settings.Cpu.Read();
        long rows = 0;
        var result = await LoadRun.RunCountAsync(workload.Name, Clients, Requests, async (_, n) =>
        {
            var (ok, count) = await api.ReadItemsAsync($"/cases?{workload.Query(n)}");
            Interlocked.Add(ref rows, count);
            return ok;
        });
        var cpuSpent = ProcessCpu.Since(settings.Cpu.Read(), cpu);
        var operations = Math.Max(1, result.Ok + result.NotOk);
        var figure = new SearchFigure(workload.Name, cases, Clients, Requests, Math.Round(result.OkPerSecond, 1), Math.Round(result.P50Ms, 2),
            Math.Round(result.P99Ms, 2), Math.Round(result.MaxMs, 2), result.NotOk, Math.Round((double)rows / operations, 1), workload.Query(0) is { Length: > 0 } example ? $"GET /cases?{example}" : "GET /cases",
            cpuSpent.Where(c => c.Key is "api" or "postgres").ToDictionary(c => c.Key, c => Math.Round(c.Value * 1000 / operations)));
        _figures.Add(figure);
        Log($"{workload.Name} at {cases:N0} cases, {Clients} clients, {Requests} requests: {figure.OkPerSecond} ok/s, p50 {figure.P50Ms} ms, " +
            $"p99 {figure.P99Ms} ms, max {figure.MaxMs} ms, {figure.NotOk} not ok, {figure.RowsPerAnswer} rows per answer");
    }

    private async Task<TimeSpan> VacuumAnalyzeAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(settings.Postgres);
        await connection.OpenAsync();
        // VACUUM as well as ANALYZE: it also moves the trigram index's pending entries into the index and
        // sets the visibility map, which autovacuum would otherwise do in the middle of the measurements.
        await using var command = new NpgsqlCommand("VACUUM (ANALYZE) case_directory", connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
        return clock.Elapsed;
    }

    private async Task<(string Table, string Indexes)> SizesAsync()
    {
        await using var connection = new NpgsqlConnection(settings.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT pg_size_pretty(pg_table_size('case_directory')), pg_size_pretty(pg_indexes_size('case_directory'))", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetString(1));
    }

    private async Task WriteReportAsync()
    {
        Directory.CreateDirectory(settings.Output);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
        var json = JsonSerializer.Serialize(new { machine, cases = settings.Cases, clients = Clients, requestsPerWorkload = Requests, loads = _loads, searchFigures = _figures },
            new JsonSerializerOptions { WriteIndented = true });
        await File.WriteAllTextAsync(Path.Combine(settings.Output, $"{stamp}.json"), json);

        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"# Benchmark {stamp}");
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"## Search and lists at {settings.Cases:N0} cases");
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture,
            $"{machine}; case_directory filled with synthetic cases by binary COPY in steps, VACUUM ANALYZE after each; then through the API (automation token, office *) {Requests:N0} requests of each workload by {Clients} clients (closed loops), after a warm-up of {WarmUp} of each; pages of 50. Durable PostgreSQL (fsync and synchronous commit on).");
        table.AppendLine();
        table.AppendLine("| cases | rows added | COPY s | rows/s | VACUUM ANALYZE s | table | indexes |");
        table.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var l in _loads)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {l.Cases:N0} | {l.Added:N0} | {l.CopySeconds} | {l.RowsPerSecond:N0} | {l.VacuumAnalyzeSeconds} | {l.TableSize} | {l.IndexesSize} |");
        }
        table.AppendLine();
        table.AppendLine("| workload | cases | clients | requests | ok/s | p50 ms | p99 ms | max ms | not 2xx | rows/answer | CPU µs/op: API, PostgreSQL |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var f in _figures)
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {f.Workload} | {f.Cases:N0} | {f.Clients} | {f.Requests:N0} | {f.OkPerSecond} | {f.P50Ms} | {f.P99Ms} | {f.MaxMs} | {f.NotOk} | {f.RowsPerAnswer} | {f.CpuMicrosecondsPerOp.GetValueOrDefault("api"):N0}, {f.CpuMicrosecondsPerOp.GetValueOrDefault("postgres"):N0} |");
        }
        table.AppendLine();
        table.AppendLine("Examples of each workload's request (the first of its run at the largest size):");
        table.AppendLine();
        foreach (var f in _figures.Where(f => f.Cases == settings.Cases))
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"- {f.Workload}: `{f.Example}`");
        }
        await File.WriteAllTextAsync(Path.Combine(settings.Output, $"{stamp}.md"), table.ToString());
        Log($"results: {Path.Combine(settings.Output, stamp)}.md and .json");
    }

    private static void Log(string message) => Console.WriteLine($"[bench] {message}");
}
