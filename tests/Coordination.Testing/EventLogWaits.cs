using Coordination.Grains.Interfaces.EventLog;

namespace Coordination.Testing;

/// <summary>
/// Waits, on an explicit signal from the cluster, until every projection and reaction has applied
/// everything written so far: read models (caseloads, inboxes, lists) and effects on other actors
/// (referrals opened or cancelled, duplicates flagged) follow the log, not the command.
/// </summary>
public static class EventLogWaits
{
    public static async Task WaitForEventLogAsync(this IGrainFactory grains, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        if (!await grains.GetGrain<IEventLogGrain>(0).WaitUntilCaughtUpAsync(limit))
        {
            var status = await grains.GetGrain<IEventLogGrain>(0).GetStatusAsync();
            throw new TimeoutException($"The event log's readers did not catch up within {limit}: " +
                string.Join(", ", status.Subscriptions.Select(s => $"{s.Name} {s.PendingEvents} pending")));
        }
    }
}
