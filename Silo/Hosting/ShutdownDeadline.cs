using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Silo.Hosting;

/// <summary>
/// Ends the process when a graceful stop outlasts the host's shutdown timeout by
/// <see cref="Grace"/>. With PostgreSQL unreachable, Orleans keeps retrying the silo's membership
/// row and reminders while it stops, and the stop never finishes: a silo told to stop (SIGTERM,
/// Ctrl+C, run.sh, an orchestrator) would hang on to its ports. Nothing acknowledged is lost by
/// ending it: every acknowledged change is committed in PostgreSQL before it is answered, and the
/// other silos vote the silo dead as they would after a crash.
/// </summary>
internal sealed class ShutdownDeadline(IHostApplicationLifetime lifetime, IOptions<HostOptions> host, ILogger<ShutdownDeadline> logger) : IHostedService
{
    /// <summary>How long past the host's shutdown timeout a stop may take.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    private CancellationTokenRegistration _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = lifetime.ApplicationStopping.Register(() => _ = Task.Run(async () =>
        {
            await Task.Delay(host.Value.ShutdownTimeout + Grace).ConfigureAwait(false);
            var message = $"The silo did not finish stopping within {(host.Value.ShutdownTimeout + Grace).TotalSeconds:N0} s (is PostgreSQL reachable?); ending the process.";
            logger.LogCritical("{Message}", message);
            await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
            // Not Environment.Exit: the host's console lifetime holds process exit until the host is disposed, which is what hangs.
            Process.GetCurrentProcess().Kill();
        }));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
