namespace Coordination.Process.Tests;

/// <summary>
/// A test class whose tests share one running system of the given size, started before its first
/// test and stopped (processes and PostgreSQL) after its last.
/// </summary>
public abstract class RunningSystemTest(int silos, int apis, IReadOnlyDictionary<string, string>? siloSettings = null, int cohosted = 0) : IAsyncLifetime
{
    protected SystemUnderTest Deployment { get; private set; } = null!;

    public async Task InitializeAsync() => Deployment = await SystemUnderTest.StartAsync(silos, apis, siloSettings, cohosted);

    public async Task DisposeAsync() => await Deployment.DisposeAsync();
}
