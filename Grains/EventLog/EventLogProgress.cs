using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Coordination.Grains.EventLog;

/// <summary>
/// What this silo's readers know of their own progress: per subscription and partition, events
/// still to read after the last batch (0 when caught up). Published as the metric
/// <c>coordination.event_log.pending_events</c>, tagged by subscription.
/// </summary>
public sealed class EventLogProgress : IDisposable
{
    private readonly ConcurrentDictionary<(string Subscription, int Partition), long> _pending = new();
    private readonly Meter _meter;

    public EventLogProgress(IMeterFactory meters)
    {
        _meter = meters.Create("Coordination.EventLog");
        _meter.CreateObservableGauge("coordination.event_log.pending_events", Observe, unit: "{event}",
            description: "Events written to the log that a projection or reaction on this silo has not applied yet.");
    }

    internal void Report(string subscription, int partition, long pending) => _pending[(subscription, partition)] = pending;

    internal void Forget(int partition)
    {
        foreach (var key in _pending.Keys.Where(k => k.Partition == partition))
        {
            _pending.TryRemove(key, out _);
        }
    }

    /// <summary>Pending events per subscription on this silo.</summary>
    public IReadOnlyDictionary<string, long> PendingBySubscription() =>
        _pending.GroupBy(p => p.Key.Subscription).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));

    private IEnumerable<Measurement<long>> Observe() =>
        PendingBySubscription().Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("subscription", p.Key)));

    public void Dispose() => _meter.Dispose();
}
