using Microsoft.Extensions.Hosting;

namespace Coordination.Grains.Rules;

/// <summary>Reads the rule file when the silo starts, so that a file with a mistake is reported (logged with its line) at once.</summary>
public sealed class RuleBookLoader(RuleBook book) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        book.Refresh();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
