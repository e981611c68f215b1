using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace Coordination.Process.Tests;

/// <summary>
/// ./run.sh as a person runs it, with a PostgreSQL of its own (in a folder of the test's own,
/// <c>COORDINATION_DATA</c>), stopped with Ctrl+C. The terminal sends SIGINT to the whole process
/// group: the supervisors hear it, stop their processes, and then hear run.sh's own SIGTERM while
/// those are still stopping. The race it names: a supervisor that died at that second signal let
/// run.sh stop PostgreSQL under a silo still shutting down, whose goodbye to the cluster then failed
/// and hung the silo. The test sends the SIGINT to run.sh's shells only, so that the silo learns of
/// the stop from its supervisor alone and is surely still stopping when the second signal comes.
/// </summary>
public sealed class RunScriptStopTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ctrl_c_stops_the_silo_and_the_api_before_postgresql()
    {
        var folder = Directory.CreateTempSubdirectory("coordination-run-").FullName;
        var start = new ProcessStartInfo("setsid", ["bash", Path.Combine(Repository.Root, "run.sh")])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["COORDINATION_DATA"] = folder,
                ["COORDINATION_PG_PORT"] = Port(),
                ["COORDINATION_API_URL"] = $"http://127.0.0.1:{Port()}",
                ["COORDINATION_SILO_PORT"] = Port(),
                ["COORDINATION_GATEWAY_PORT"] = Port(),
                ["COORDINATION_SILO_METRICS_PORT"] = Port(),
            },
        };
        var said = new StringBuilder();
        var running = new TaskCompletionSource();
        using var runScript = System.Diagnostics.Process.Start(start)!;
        runScript.OutputDataReceived += (_, line) => Note(line.Data);
        runScript.ErrorDataReceived += (_, line) => Note(line.Data);
        runScript.BeginOutputReadLine();
        runScript.BeginErrorReadLine();
        try
        {
            await running.Task.WaitAsync(TimeSpan.FromMinutes(4));

            // Ctrl+C as run.sh's shells hear it (setsid made run.sh the leader of its process group).
            Signal("pkill", "-INT", "-g", runScript.Id.ToString(CultureInfo.InvariantCulture), "-x", "bash");
            var stopping = Stopwatch.StartNew();
            await runScript.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);

            output.WriteLine(said.ToString());
            // Nothing of the run outlives run.sh: it stopped PostgreSQL only after the silo and the API had gone.
            Assert.Empty(StillRunning(runScript.Id));
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(30), $"run.sh took {stopping.Elapsed.TotalSeconds:N0} s to stop");
            Assert.Contains("stopping PostgreSQL", said.ToString());
            Assert.DoesNotContain("did not finish stopping", await File.ReadAllTextAsync(Path.Combine(folder, "logs", "silo-0.log")));
        }
        finally
        {
            Signal("kill", "-KILL", "--", $"-{runScript.Id}");
            await StopPostgresAsync(Path.Combine(folder, "postgres"));
            Directory.Delete(folder, recursive: true);
        }

        void Note(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (said)
            {
                said.AppendLine(line);
            }
            if (line.Contains("Press Ctrl+C", StringComparison.Ordinal))
            {
                running.TrySetResult();
            }
        }
    }

    /// <summary>The processes left in the process group (<c>ps</c>: command names).</summary>
    private static List<string> StillRunning(int group)
    {
        using var ps = System.Diagnostics.Process.Start(new ProcessStartInfo("ps", ["-o", "comm=", "-g", group.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
        })!;
        var names = ps.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        ps.WaitForExit();
        return names;
    }

    private static string Port() => Repository.FreePort().ToString(CultureInfo.InvariantCulture);

    private static void Signal(string command, params string[] arguments)
    {
        using var signal = System.Diagnostics.Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true, RedirectStandardOutput = true });
        signal?.WaitForExit();
    }

    /// <summary>A PostgreSQL left running by a failed run is stopped, so that the folder can go.</summary>
    private static async Task StopPostgresAsync(string data)
    {
        using var stop = System.Diagnostics.Process.Start(new ProcessStartInfo("bash", ["-c", $"source scripts/lib/postgres.sh && pg_stop '{data}'"])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await stop.WaitForExitAsync();
    }
}
