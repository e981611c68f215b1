using Coordination.Grains.EventSourcing;
using Npgsql;

namespace Coordination.Grains.EventLog;

/// <summary>
/// A read model kept from the log. The daemon hands it batches of the events it handles, in log
/// order, with a batch of statements to fill; the daemon adds the checkpoint's move to that batch
/// and commits it all in one transaction, so every event is applied exactly once.
/// </summary>
public interface IProjection
{
    /// <summary>The subscription name under which its checkpoints are kept.</summary>
    string Name { get; }

    /// <summary>The tables it owns; a rebuild empties them and reads the log from the start.</summary>
    IReadOnlyList<string> Tables { get; }

    /// <summary>Whether the projection cares about this event at all (others only move the checkpoint).</summary>
    bool Handles(RecordedEvent recorded);

    /// <summary>
    /// How long the reader waits after a batch so that the events arriving meanwhile are applied
    /// together: each batch is a commit, so a longer window costs the write path fewer commits and
    /// the read model more lag.
    /// </summary>
    TimeSpan BatchWindow => SubscriptionWorker.DefaultBatchWindow;

    /// <summary>
    /// Reads what it needs through <paramref name="writes"/>' connection and transaction, and adds
    /// its statements to <paramref name="writes"/>, which commits with the checkpoint.
    /// </summary>
    Task ProjectAsync(IReadOnlyList<RecordedEvent> events, NpgsqlBatch writes, CancellationToken cancellationToken);
}

/// <summary>
/// An effect on other grains triggered by events. Delivery is at least once (an event is read
/// again after a crash before its checkpoint), so every reaction is idempotent: it acts on how far
/// the other side has got, never on having been told once.
/// </summary>
public interface IReaction
{
    /// <summary>The subscription name under which its checkpoints are kept.</summary>
    string Name { get; }

    /// <summary>Whether the reaction cares about this event at all (others only move the checkpoint).</summary>
    bool Handles(RecordedEvent recorded);

    /// <summary>How long the reader waits after a batch so that the events arriving meanwhile are read together.</summary>
    TimeSpan BatchWindow => SubscriptionWorker.DefaultBatchWindow;

    /// <summary>Acts on one event. Throwing retries it (with back-off) before the reader moves on.</summary>
    Task ReactAsync(RecordedEvent recorded, CancellationToken cancellationToken);
}
