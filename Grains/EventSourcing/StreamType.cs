namespace Coordination.Grains.EventSourcing;

/// <summary>A kind of stream and the base type of its events (a polymorphic JSON family).</summary>
/// <param name="Name">Stored in <c>event_streams.stream_type</c>: <c>case</c>, <c>referral</c>.</param>
/// <param name="EventType">The abstract record every event of the stream derives from.</param>
public sealed record StreamType(string Name, Type EventType);

/// <summary>The partitions of the log: a stream always falls in the same one, so its events are read in order.</summary>
public static class LogPartitions
{
    /// <summary>Fixed for the life of a database: rows store their partition.</summary>
    public const int Count = 8;

    /// <summary>FNV-1a of the stream id: stable across processes and versions, unlike string.GetHashCode.</summary>
    public static short Of(string streamId)
    {
        var hash = 2166136261u;
        foreach (var c in streamId)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (short)(hash % Count);
    }
}
