using System.Diagnostics;

namespace Coordination.Process.Tests;

/// <summary>
/// ./bench.sh starts by stopping and deleting <c>.data/bench</c>, where a run in progress keeps the
/// PostgreSQL it measures on. The failure it names: a second run started while the first ran
/// stopped the first one's PostgreSQL ("terminating connection due to administrator command") and
/// deleted its data. A run now holds <c>.data/bench.lock</c>, and a second one refuses to start.
/// </summary>
public sealed class BenchScriptLockTests
{
    [Fact]
    public async Task A_second_bench_run_refuses_to_start_and_leaves_the_running_one_its_data()
    {
        var data = Path.Combine(Repository.Root, ".data");
        var bench = Path.Combine(data, "bench");
        var benchExisted = Directory.Exists(bench);
        Directory.CreateDirectory(bench);
        var lockFile = Path.Combine(data, "bench.lock");
        var marker = Path.Combine(bench, $"kept-by-the-running-run-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(marker, "");

        // The run in progress, as the lock sees it: flock holds the lock while its sleep runs.
        using var running = System.Diagnostics.Process.Start(new ProcessStartInfo("flock", ["-w", "60", lockFile, "sleep", "120"]))!;
        try
        {
            await WaitUntilHeldAsync(lockFile);

            var second = new ProcessStartInfo("timeout", ["60", "bash", Path.Combine(Repository.Root, "bench.sh"), "--seconds", "1"])
            {
                WorkingDirectory = Repository.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var run = System.Diagnostics.Process.Start(second)!;
            var said = run.StandardError.ReadToEndAsync();
            var printed = run.StandardOutput.ReadToEndAsync();
            await run.WaitForExitAsync();

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("another ./bench.sh is running", await said);
            Assert.DoesNotContain("PostgreSQL", await printed);
            Assert.True(File.Exists(marker), "the second run deleted the running run's .data/bench");
        }
        finally
        {
            running.Kill();
            await running.WaitForExitAsync();
            File.Delete(marker);
            if (!benchExisted && Directory.Exists(bench) && !Directory.EnumerateFileSystemEntries(bench).Any())
            {
                Directory.Delete(bench);
            }
        }
    }

    /// <summary>Until the holder has the lock: a try of our own to take it fails.</summary>
    private static async Task WaitUntilHeldAsync(string lockFile)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var probe = System.Diagnostics.Process.Start(new ProcessStartInfo("flock", ["-n", lockFile, "true"]))!;
            await probe.WaitForExitAsync();
            if (probe.ExitCode != 0)
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Nothing took {lockFile}.");
    }
}
