using Coordination.Grains.EventLog;
using Coordination.Grains.EventSourcing;

namespace Coordination.Domain.Tests;

/// <summary>
/// What the log's reader keeps of each partition for the partition's other subscriptions: only a
/// whole stretch it read, only for a few seconds, never an event it did not read.
/// </summary>
public sealed class PartitionTailsTests
{
    private sealed record Noted(DateTimeOffset At, string By) : IDomainEvent;

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private readonly Clock _clock = new();

    private static RecordedEvent Event(long tx, long position) =>
        new(new LogPosition(tx, position), $"ACA-2026-{position:000000}", "case", 1, Guid.NewGuid(), new Noted(DateTimeOffset.UnixEpoch, "test"),
            new EventMetadata(null, null, null), DateTimeOffset.UnixEpoch, false);

    private static RecordedEvent[] Events(long tx, params long[] positions) => [.. positions.Select(p => Event(tx, p))];

    [Fact]
    public void A_subscription_behind_the_first_reader_gets_the_events_it_read_without_a_query()
    {
        var tails = new PartitionTails(_clock);
        var read = Events(10, 1, 2, 3, 4);
        tails.Remember(3, LogPosition.Start, read);

        Assert.True(tails.TryRead(3, new LogPosition(10, 2), 100, out var rest));
        Assert.Equal(read[2..], rest);
        Assert.True(tails.TryRead(3, LogPosition.Start, 2, out var firstTwo));
        Assert.Equal(read[..2], firstTwo);
    }

    [Fact]
    public void A_subscription_at_the_end_of_the_stretch_or_outside_it_reads_the_log_itself()
    {
        var tails = new PartitionTails(_clock);
        tails.Remember(3, new LogPosition(10, 1), Events(10, 2, 3));

        Assert.False(tails.TryRead(3, new LogPosition(10, 3), 100, out _)); // what comes after the stretch is not known
        Assert.False(tails.TryRead(3, LogPosition.Start, 100, out _));      // nor what came before it
        Assert.False(tails.TryRead(4, new LogPosition(10, 1), 100, out _)); // nor another partition
    }

    [Fact]
    public void A_read_that_continues_the_stretch_extends_it_and_one_elsewhere_replaces_it()
    {
        var tails = new PartitionTails(_clock);
        tails.Remember(0, LogPosition.Start, Events(10, 1, 2));
        tails.Remember(0, new LogPosition(10, 2), Events(11, 3, 4));

        Assert.True(tails.TryRead(0, new LogPosition(10, 1), 100, out var across));
        Assert.Equal([new LogPosition(10, 2), new LogPosition(11, 3), new LogPosition(11, 4)], across.Select(e => e.Position));

        tails.Remember(0, new LogPosition(20, 0), Events(20, 9));
        Assert.False(tails.TryRead(0, new LogPosition(10, 1), 100, out _));
        Assert.True(tails.TryRead(0, new LogPosition(20, 0), 100, out var replaced));
        Assert.Single(replaced);
    }

    [Fact]
    public void The_stretch_keeps_only_the_newest_events_up_to_its_limit()
    {
        var tails = new PartitionTails(_clock);
        var first = Events(1, [.. Enumerable.Range(1, PartitionTails.MaxEvents).Select(i => (long)i)]);
        tails.Remember(0, LogPosition.Start, first);
        tails.Remember(0, first[^1].Position, Events(2, 1, 2));

        Assert.False(tails.TryRead(0, LogPosition.Start, 10, out _));
        Assert.False(tails.TryRead(0, new LogPosition(1, 1), 10, out _));
        Assert.True(tails.TryRead(0, new LogPosition(1, 2), 10, out var oldestKept));
        Assert.Equal(new LogPosition(1, 3), oldestKept[0].Position);
    }

    [Fact]
    public void Decrypted_events_are_not_served_longer_than_the_maximum_age_nor_after_being_forgotten()
    {
        var tails = new PartitionTails(_clock);
        tails.Remember(0, LogPosition.Start, Events(10, 1, 2));
        _clock.Now += PartitionTails.MaxAge + TimeSpan.FromMilliseconds(1);
        Assert.False(tails.TryRead(0, LogPosition.Start, 100, out _));

        tails.Remember(1, LogPosition.Start, Events(10, 1, 2));
        tails.Clear();
        Assert.False(tails.TryRead(1, LogPosition.Start, 100, out _));
    }
}
