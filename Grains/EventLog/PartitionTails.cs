using Coordination.Grains.EventSourcing;

namespace Coordination.Grains.EventLog;

/// <summary>
/// The stretch of each partition read last, shared by the subscriptions reading that partition: the
/// projections and reactions of a partition move through the same events within moments of each
/// other, so the first one to reach an event reads it from PostgreSQL (and decrypts and
/// deserialises it) and the others take it from here. A stretch <c>(From, To]</c> is whole: the
/// reader only reads below the oldest running transaction, so nothing can later commit inside it.
/// It is kept for a few seconds at most, so that decrypted personal data does not outlive its use
/// (and a subject's erasure) in memory for longer.
/// </summary>
internal sealed class PartitionTails(TimeProvider clock)
{
    /// <summary>The most events a partition's stretch holds (the newest).</summary>
    public const int MaxEvents = 4_000;

    /// <summary>How long a stretch is served after its oldest part was read.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private sealed record Stretch(LogPosition From, LogPosition To, RecordedEvent[] Events, DateTimeOffset ReadAt);

    private readonly Stretch?[] _stretches = new Stretch?[LogPartitions.Count];

    /// <summary>Up to <paramref name="limit"/> events after <paramref name="after"/>, when the partition's stretch holds them.</summary>
    public bool TryRead(int partition, LogPosition after, int limit, out IReadOnlyList<RecordedEvent> events)
    {
        var stretch = Volatile.Read(ref _stretches[partition]);
        if (stretch is null || after < stretch.From || after >= stretch.To || clock.GetUtcNow() - stretch.ReadAt > MaxAge)
        {
            events = [];
            return false;
        }
        var first = FirstAfter(stretch.Events, after);
        events = new ArraySegment<RecordedEvent>(stretch.Events, first, Math.Min(limit, stretch.Events.Length - first));
        return true;
    }

    /// <summary>Keeps what was just read after <paramref name="after"/>: it extends the stretch it continues, or starts a new one.</summary>
    public void Remember(int partition, LogPosition after, IReadOnlyList<RecordedEvent> read)
    {
        if (read.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var stretch = Volatile.Read(ref _stretches[partition]);
        Stretch next;
        if (stretch is not null && stretch.To == after && now - stretch.ReadAt <= MaxAge)
        {
            // It continues the stretch: append, and drop the oldest beyond the limit.
            RecordedEvent[] events = [.. stretch.Events, .. read];
            var dropped = Math.Max(0, events.Length - MaxEvents);
            next = dropped == 0
                ? stretch with { To = read[^1].Position, Events = events }
                : stretch with { From = events[dropped - 1].Position, To = read[^1].Position, Events = events[dropped..] };
        }
        else
        {
            next = new Stretch(after, read[^1].Position, [.. read], now);
        }
        Volatile.Write(ref _stretches[partition], next);
    }

    /// <summary>Forgets every stretch (a subject's data was erased). A rebuild needs none of this: it reads from before any stretch.</summary>
    public void Clear()
    {
        for (var partition = 0; partition < _stretches.Length; partition++)
        {
            Volatile.Write(ref _stretches[partition], null);
        }
    }

    private static int FirstAfter(RecordedEvent[] events, LogPosition after)
    {
        var (low, high) = (0, events.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (events[middle].Position <= after)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }
}
