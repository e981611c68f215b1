using Coordination.Grains.Storage;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Coordination.Cluster.Tests;

/// <summary>
/// Pins the project's own SQL for the Orleans ADO.NET providers: the providers call it through the
/// query keys in orleansquery, so a wrong parameter, column or condition shows up here.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgresProviderContractTests(ClusterFixture fixture)
{
    private IServiceProvider Silo => fixture.Cluster.Cluster.GetSiloServiceProvider();
    private IGrainStorage Storage => Silo.GetRequiredKeyedService<IGrainStorage>(GrainStorage.ProviderName);
    private IReminderTable Reminders => Silo.GetRequiredService<IReminderTable>();
    private static GrainId NewGrainId() => GrainId.Create("contract-probe", $"probe-{Guid.NewGuid():N}");

    public sealed class ProbeState
    {
        public string Value { get; set; } = "";
    }

    [Fact]
    public async Task Every_silo_of_the_cluster_is_an_active_member_with_a_gateway()
    {
        var active = await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @cluster AND status = 3 AND proxyport > 0",
            ("cluster", fixture.Cluster.ClusterId));

        Assert.Equal(fixture.Cluster.Cluster.Silos.Count, (int)active);
    }

    [Fact]
    public async Task State_written_first_reads_back_with_its_version()
    {
        var id = NewGrainId();
        var written = new GrainState<ProbeState>(new ProbeState { Value = "first" });

        await Storage.WriteStateAsync("probe", id, written);
        var read = new GrainState<ProbeState>();
        await Storage.ReadStateAsync("probe", id, read);

        Assert.Equal("1", written.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal("first", read.State?.Value);
        Assert.Equal("1", read.ETag);
    }

    [Fact]
    public async Task A_write_from_a_stale_version_is_refused_and_changes_nothing()
    {
        var id = NewGrainId();
        var current = new GrainState<ProbeState>(new ProbeState { Value = "v1" });
        await Storage.WriteStateAsync("probe", id, current);
        var stale = new GrainState<ProbeState>(new ProbeState { Value = "stale" }, current.ETag);
        current.State!.Value = "v2";
        await Storage.WriteStateAsync("probe", id, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("probe", id, stale));

        var read = new GrainState<ProbeState>();
        await Storage.ReadStateAsync("probe", id, read);
        Assert.Equal("v2", read.State?.Value);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task A_second_first_write_to_the_same_grain_is_refused()
    {
        var id = NewGrainId();
        await Storage.WriteStateAsync("probe", id, new GrainState<ProbeState>(new ProbeState { Value = "winner" }));

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteStateAsync("probe", id, new GrainState<ProbeState>(new ProbeState { Value = "loser" })));
    }

    [Fact]
    public async Task Two_state_names_under_one_key_are_separate_rows()
    {
        var id = NewGrainId();
        await Storage.WriteStateAsync("probe", id, new GrainState<ProbeState>(new ProbeState { Value = "a" }));
        await Storage.WriteStateAsync("other-probe", id, new GrainState<ProbeState>(new ProbeState { Value = "b" }));

        var a = new GrainState<ProbeState>();
        var b = new GrainState<ProbeState>();
        await Storage.ReadStateAsync("probe", id, a);
        await Storage.ReadStateAsync("other-probe", id, b);

        Assert.Equal(("a", "b"), (a.State?.Value, b.State?.Value));
    }

    [Fact]
    public async Task Clearing_state_deletes_the_row_and_the_grain_can_start_again()
    {
        var id = NewGrainId();
        var state = new GrainState<ProbeState>(new ProbeState { Value = "to clear" });
        await Storage.WriteStateAsync("probe", id, state);

        await Storage.ClearStateAsync("probe", id, state);
        var read = new GrainState<ProbeState>();
        await Storage.ReadStateAsync("probe", id, read);
        await Storage.WriteStateAsync("probe", id, new GrainState<ProbeState>(new ProbeState { Value = "again" }));

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = @key", ("key", id.Key.ToString()!)));
    }

    [Fact]
    public async Task A_reminder_is_stored_versioned_and_removed_only_by_its_current_version()
    {
        var id = NewGrainId();
        var start = new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);
        var first = await Reminders.UpsertRow(new ReminderEntry { GrainId = id, ReminderName = "sla", StartAt = start, Period = TimeSpan.FromHours(1) });
        var second = await Reminders.UpsertRow(new ReminderEntry { GrainId = id, ReminderName = "sla", StartAt = start.AddHours(1), Period = TimeSpan.FromDays(40) });

        var read = await Reminders.ReadRow(id, "sla");
        Assert.NotEqual(first, second);
        Assert.Equal(second, read!.ETag);
        Assert.Equal(start.AddHours(1), read.StartAt);
        Assert.Equal(TimeSpan.FromDays(40), read.Period);
        Assert.Single((await Reminders.ReadRows(id)).Reminders);

        Assert.False(await Reminders.RemoveRow(id, "sla", first!));
        Assert.True(await Reminders.RemoveRow(id, "sla", second!));
        Assert.Null(await Reminders.ReadRow(id, "sla"));
    }

    [Fact]
    public async Task Reminders_are_found_by_their_arc_of_the_hash_ring_including_arcs_that_wrap_around()
    {
        var id = NewGrainId();
        await Reminders.UpsertRow(new ReminderEntry { GrainId = id, ReminderName = "ring", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(5) });
        var hash = id.GetUniformHashCode();

        bool Holds(Orleans.ReminderTableData data) => data.Reminders.Any(r => r.GrainId == id);
        Assert.True(Holds(await Reminders.ReadRows(unchecked(hash - 1), hash)));
        Assert.False(Holds(await Reminders.ReadRows(hash, unchecked(hash + 1))));
        Assert.True(Holds(await Reminders.ReadRows(unchecked(hash + 1), hash)));
        Assert.False(Holds(await Reminders.ReadRows(hash, unchecked(hash - 1))));
        Assert.True(Holds(await Reminders.ReadRows(hash, hash)));
    }
}
