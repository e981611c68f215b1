using System.Diagnostics;

namespace Coordination.Process.Tests;

/// <summary>
/// A silo told to stop while PostgreSQL is unreachable: Orleans keeps retrying the silo's
/// membership row, and without a deadline the stop never finished and the process kept its ports
/// (seen with run.sh, which then could not start again). The silo now ends itself once the stop
/// outlasts the host's shutdown timeout (30 s) by 15 s.
/// </summary>
public sealed class SiloStopDuringOutageTests() : RunningSystemTest(silos: 1, apis: 0)
{
    [Fact]
    public async Task A_silo_told_to_stop_while_postgres_is_down_ends_within_its_shutdown_deadline()
    {
        await Deployment.Postgres.StopAsync();
        // Long enough for the silo's loops to meet the outage (its membership refresh retrying): a stop
        // sent at once sometimes finishes before anything needs PostgreSQL, and proves nothing.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var stopping = Stopwatch.StartNew();

        var ended = await Deployment.Silos[0].TerminateAsync(TimeSpan.FromSeconds(75));

        Assert.True(ended, $"The silo was still running {stopping.Elapsed.TotalSeconds:N0} s after SIGTERM: {Deployment.Silos[0].Output}");
    }
}
