using System.Diagnostics;
using Coordination.Grains;
using Coordination.Grains.Cases;
using Coordination.Grains.EventLog;
using Coordination.Grains.EventSourcing;
using Coordination.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Coordination.Cluster.Tests;

/// <summary>
/// Appends commit out of position order: a transaction that took a low position can commit after
/// one that took a higher position. A reader that moved its checkpoint past the higher one would
/// never see the lower one. These tests make that happen on a database of their own, with no
/// cluster reading it.
/// </summary>
public sealed class LogOrderTests : IAsyncLifetime
{
    private TestPostgres _database = null!;
    private NpgsqlDataSource _source = null!;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateAsync("logorder");
        _source = NpgsqlDataSource.Create(_database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_reader_never_passes_an_event_that_commits_late_with_a_lower_position()
    {
        var appender = new EventAppender(_source, new LogSignal(), NullLogger<EventAppender>.Instance);
        var keys = new SubjectKeyRing(Options.Create(new DataProtectionOptions { MasterKey = TestConfiguration.MasterKey }), _source);
        var reader = new EventLogReader(_source, keys, new StreamTypeRegistry(EventStreams.All));
        var (early, late) = TwoStreamsInOnePartition();
        var partition = LogPartitions.Of(early);

        // The early append takes its position in a transaction that stays open...
        await using var connection = await _source.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await EventAppender.AppendWithinAsync(connection, transaction, [Consent(early)]);
        // ...while the late one takes a higher position and commits first.
        var results = await appender.ExecuteBatchAsync([Consent(late)]);
        Assert.IsType<AppendResult.Appended>(Assert.Single(results));

        var whileOpen = await reader.ReadAsync(partition, LogPosition.Start, 100, CancellationToken.None);
        Assert.Empty(whileOpen); // the committed late event is held back: reading it would skip the early one
        Assert.True(await reader.HasEventsAfterAsync(partition, LogPosition.Start, CancellationToken.None));

        await transaction.CommitAsync();
        var read = await ReadWhenVisibleAsync(reader, partition, count: 2);

        Assert.Equal([early, late], read.Select(e => e.StreamId));
        Assert.True(read[0].Position < read[1].Position);
        var positions = await _database.ScalarAsync<bool>(
            "SELECT (SELECT position FROM events WHERE stream_id = @early) < (SELECT position FROM events WHERE stream_id = @late)",
            ("early", early), ("late", late));
        Assert.True(positions, "the early append took the lower position");
    }

    [Fact]
    public async Task Appends_to_many_streams_share_one_commit_and_a_conflict_fails_only_its_own_command()
    {
        var appender = new EventAppender(_source, new LogSignal(), NullLogger<EventAppender>.Instance);
        var streams = Enumerable.Range(0, 5).Select(_ => $"ACA-2026-{Random.Shared.Next(100_000, 999_999):D6}").Distinct().ToList();
        await appender.ExecuteBatchAsync([Consent(streams[0])]);

        // One batch: four new streams, and a second version 1 of a stream that has one already.
        var results = await appender.ExecuteBatchAsync([.. streams.Select(Consent)]);

        Assert.IsType<AppendResult.VersionConflict>(results[0]);
        Assert.All(results.Skip(1), r => Assert.Equal(new AppendResult.Appended(1), r));
        Assert.Equal(1, await _database.ScalarAsync<long>("SELECT count(*) FROM events WHERE stream_id = @s", ("s", streams[0])));
        var transactions = await _database.ScalarAsync<long>("SELECT count(DISTINCT tx_id) FROM events WHERE stream_id = ANY(@s)", ("s", streams.Skip(1).ToArray()));
        Assert.Equal(1, transactions); // the four commands were one commit
    }

    /// <summary>
    /// PostgreSQL's oldest running transaction spans every database on the server, and other test
    /// collections write to theirs: once the test's own transaction has committed, its events become
    /// readable as soon as those, which nothing here can signal, have finished too.
    /// </summary>
    private static async Task<IReadOnlyList<RecordedEvent>> ReadWhenVisibleAsync(EventLogReader reader, int partition, int count)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var read = await reader.ReadAsync(partition, LogPosition.Start, 100, CancellationToken.None);
            if (read.Count >= count || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                return read;
            }
            await Task.Delay(20);
        }
    }

    private static (string Early, string Late) TwoStreamsInOnePartition()
    {
        var first = $"TAP-2026-{Random.Shared.Next(100_000, 999_999):D6}";
        while (true)
        {
            var second = $"TAP-2026-{Random.Shared.Next(100_000, 999_999):D6}";
            if (second != first && LogPartitions.Of(second) == LogPartitions.Of(first))
            {
                return (first, second);
            }
        }
    }

    private static PreparedAppend Consent(string caseNumber) => PostgresEventStore.Prepare(new AppendRequest(
        EventStreams.Case, caseNumber, 0, [new NewEvent(new ConsentRecorded(DateTimeOffset.UtcNow, "caseworker@TAP"), null)], null));
}
