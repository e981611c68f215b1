using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.EventLog;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>
/// An event a projection or reaction cannot apply, however often it tries, must not hold up every
/// later event of its partition for ever: after repeated failures it is set aside, shown at the
/// event log's status, and applied again by a rebuild once the fault is mended.
/// </summary>
[Collection(EventLogCollection.Name)]
public sealed class SetAsideEventTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly FaultInjection _faults = new(fixture.Database);
    private IGrainFactory Grains => fixture.Client;
    private IEventLogGrain EventLog => Grains.GetGrain<IEventLogGrain>(0);

    [Fact]
    public async Task A_registration_the_directory_keeps_refusing_is_set_aside_and_the_cases_after_it_are_listed()
    {
        var refusedName = $"Refused {Guid.NewGuid():N}";
        string refused;
        List<string> after;
        await using (await _faults.RefuseDirectoryEntryAsync(refusedName))
        {
            refused = (await new CaseDriver(Grains).RegisterAsync(Registrations.Valid(refusedName), "TAP")).CaseNumber.ToString();
            after = await RegisterUntilOneSharesThePartitionOfAsync(refused);
            await Grains.WaitForEventLogAsync(Patience);

            Assert.Equal(after.Count, await ListedAsync(after));
            Assert.Equal(0, await ListedAsync([refused]));
            var parked = Assert.Single((await EventLog.GetStatusAsync()).Parked, p => p.StreamId == refused);
            Assert.Equal(("cases", 1), (parked.Subscription, parked.Version));
            Assert.Contains("injected fault: the directory refuses", parked.Error);
        }

        // The fault is mended; the rebuild applies the event that was set aside, which is parked no more.
        Assert.True(await EventLog.RebuildAsync("cases"));
        await Grains.WaitForEventLogAsync(Patience);

        Assert.Equal(1, await ListedAsync([refused]));
        Assert.Equal(after.Count, await ListedAsync(after));
        var mended = await EventLog.GetStatusAsync();
        Assert.Equal(0, mended.Subscriptions.Single(s => s.Name == "cases").ParkedEvents);
        Assert.DoesNotContain(mended.Parked, p => p.Subscription == "cases");
    }

    [Fact]
    public async Task An_event_no_reader_can_decode_is_set_aside_by_every_projection_and_reaction_and_the_log_goes_on()
    {
        var undecodable = $"ACA-2099-{Random.Shared.Next(100_000, 999_999)}";
        await using (await _faults.AppendUndecodableEventAsync(undecodable, LogPartitions.Of(undecodable)))
        {
            var after = await RegisterUntilOneSharesThePartitionOfAsync(undecodable);
            await Grains.WaitForEventLogAsync(Patience);

            Assert.Equal(after.Count, await ListedAsync(after));
            var status = await EventLog.GetStatusAsync();
            Assert.Equal(
                status.Subscriptions.Select(s => s.Name).Order(),
                status.Parked.Where(p => p.StreamId == undecodable).Select(p => p.Subscription).Order());
            Assert.All(status.Subscriptions, s => Assert.True(s.ParkedEvents >= 1, $"{s.Name} set nothing aside"));
        }
    }

    /// <summary>Registers cases until one lands in the same partition of the log as <paramref name="streamId"/>, after it.</summary>
    private async Task<List<string>> RegisterUntilOneSharesThePartitionOfAsync(string streamId)
    {
        var driver = new CaseDriver(Grains);
        var registered = new List<string>();
        while (registered.Count < 200 && !registered.Any(c => LogPartitions.Of(c) == LogPartitions.Of(streamId)))
        {
            registered.Add((await driver.RegisterAsync(Registrations.Valid(), "TAP")).CaseNumber.ToString());
        }
        return registered;
    }

    private async Task<long> ListedAsync(IReadOnlyList<string> caseNumbers) =>
        await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_directory WHERE case_number = ANY(@numbers)", ("numbers", caseNumbers.ToArray()));
}
