namespace Coordination.Grains.Interfaces.EventLog;

/// <summary>How far one projection or reaction has read the log.</summary>
/// <param name="Name">The subscription, e.g. <c>cases</c>, <c>referrals</c>, <c>workflow</c>.</param>
/// <param name="Kind"><c>projection</c> (a read model) or <c>reaction</c> (effects on other actors).</param>
/// <param name="PendingEvents">Events in the log it has not applied yet (counted up to 100,000).</param>
/// <param name="OldestPendingAt">When the oldest of those happened; null when caught up.</param>
[GenerateSerializer, Immutable, Alias("Coordination.SubscriptionStatus")]
public sealed record SubscriptionStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] string Kind,
    [property: Id(2)] long PendingEvents,
    [property: Id(3)] DateTimeOffset? OldestPendingAt);

/// <summary>The event log as a whole: its size and every reader's progress.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.EventLogStatus")]
public sealed record EventLogStatus(
    [property: Id(0)] long Events,
    [property: Id(1)] IReadOnlyList<SubscriptionStatus> Subscriptions);

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
