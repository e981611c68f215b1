using System.Diagnostics;

namespace Coordination.Process.Tests;

/// <summary>
/// A PostgreSQL cluster of the test's own (the one ./test.sh starts is shared, and must not be
/// stopped), made and run by the scripts run.sh and test.sh use, so that a test can stop it and
/// start it again under load.
/// </summary>
public sealed class OwnPostgres : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string _data;

    private OwnPostgres(string folder, int port)
    {
        _folder = folder;
        _data = Path.Combine(folder, "postgres");
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=coordination";

    public static async Task<OwnPostgres> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("coordination-process-").FullName;
        var postgres = new OwnPostgres(folder, Repository.FreePort());
        await postgres.ScriptAsync($"pg_init {Quote(postgres._data)} trust");
        await postgres.StartAgainAsync();
        return postgres;
    }

    /// <summary>Starts the cluster (again).</summary>
    public Task StartAgainAsync() =>
        ScriptAsync($"pg_start {Quote(_data)} {Port} fsync=off synchronous_commit=off full_page_writes=off max_connections=200");

    /// <summary>A fast shutdown: sessions are ended, what was committed stays.</summary>
    public Task StopAsync() => ScriptAsync($"pg_stop {Quote(_data)}");

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static string Quote(string text) => $"'{text.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    private async Task ScriptAsync(string command)
    {
        var start = new ProcessStartInfo("bash", ["-c", $"source scripts/lib/postgres.sh && {command}"])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command}' failed ({process.ExitCode}): {output} {errors}");
        }
    }
}
