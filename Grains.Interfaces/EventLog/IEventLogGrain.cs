namespace Coordination.Grains.Interfaces.EventLog;

/// <summary>How far one projection or reaction has read the log.</summary>
/// <param name="Name">The subscription, e.g. <c>cases</c>, <c>referrals</c>, <c>workflow</c>.</param>
/// <param name="Kind"><c>projection</c> (a read model) or <c>reaction</c> (effects on other actors).</param>
/// <param name="PendingEvents">Events in the log it has not applied yet (counted up to 100,000).</param>
/// <param name="OldestPendingAt">When the oldest of those happened; null when caught up.</param>
/// <param name="ParkedEvents">Events it set aside because it could not apply them.</param>
[GenerateSerializer, Immutable, Alias("Coordination.SubscriptionStatus")]
public sealed record SubscriptionStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] string Kind,
    [property: Id(2)] long PendingEvents,
    [property: Id(3)] DateTimeOffset? OldestPendingAt,
    [property: Id(4)] long ParkedEvents);

/// <summary>
/// An event a projection or reaction set aside after failing on it repeatedly (not for an outage),
/// so that the rest of its partition went on. A projection's rebuild applies it again.
/// </summary>
/// <param name="Subscription">The projection or reaction that set it aside.</param>
/// <param name="StreamId">The case or referral the event belongs to.</param>
/// <param name="Version">The event's version in that stream.</param>
/// <param name="Error">Why applying it failed, the last time (its first line).</param>
/// <param name="ParkedAt">When it was set aside.</param>
[GenerateSerializer, Immutable, Alias("Coordination.ParkedEvent")]
public sealed record ParkedEvent(
    [property: Id(0)] string Subscription,
    [property: Id(1)] string? StreamId,
    [property: Id(2)] int? Version,
    [property: Id(3)] string Error,
    [property: Id(4)] DateTimeOffset ParkedAt);

/// <summary>The event log as a whole: its size, every reader's progress, and the latest events set aside (at most 50).</summary>
[GenerateSerializer, Immutable, Alias("Coordination.EventLogStatus")]
public sealed record EventLogStatus(
    [property: Id(0)] long Events,
    [property: Id(1)] IReadOnlyList<SubscriptionStatus> Subscriptions,
    [property: Id(2)] IReadOnlyList<ParkedEvent> Parked);

/// <summary>Operations on the event log: status, waiting for readers, rebuilding a projection. Use key 0.</summary>
public interface IEventLogGrain : IGrainWithIntegerKey
{
    /// <summary>Every projection's and reaction's progress.</summary>
    Task<EventLogStatus> GetStatusAsync();

    /// <summary>
    /// Waits until every projection and reaction has applied every event committed before the call,
    /// and the events that reactions wrote meanwhile (the log is quiet); false when
    /// <paramref name="timeout"/> passed first.
    /// </summary>
    /// <remarks>Answers after up to a minute: callers' short response timeout does not apply.</remarks>
    [ResponseTimeout("00:01:05")]
    Task<bool> WaitUntilCaughtUpAsync(TimeSpan timeout);

    /// <summary>Empties a projection's tables and reads the whole log into them again; false for an unknown projection.</summary>
    Task<bool> RebuildAsync(string projection);
}
