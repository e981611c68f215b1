using Coordination.Grains.EventSourcing;

namespace Coordination.Grains.EventLog;

/// <summary>
/// Wakes this silo's readers of a partition when that partition may have grown (a notification
/// from PostgreSQL naming the partitions an append wrote to). Readers of other partitions sleep on.
/// </summary>
public sealed class LogSignal
{
    private readonly TaskCompletionSource[] _next = [.. Enumerable.Range(0, LogPartitions.Count).Select(_ => NewSource())];

    /// <summary>A task that completes at the next raise of <paramref name="partition"/>; take it before looking, then wait on it.</summary>
    public Task Next(int partition) => Volatile.Read(ref _next[partition]).Task;

    public void Raise(int partition) => Interlocked.Exchange(ref _next[partition], NewSource()).TrySetResult();

    public void RaiseAll()
    {
        for (var partition = 0; partition < LogPartitions.Count; partition++)
        {
            Raise(partition);
        }
    }

    /// <summary>Raises the partitions named in a notification ("3,5"); all of them when it names none.</summary>
    public void Raise(string? partitions)
    {
        var named = (partitions ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.TryParse(p, out var n) ? n : -1).Where(n => n is >= 0 and < LogPartitions.Count).ToList();
        if (named.Count == 0)
        {
            RaiseAll();
            return;
        }
        foreach (var partition in named)
        {
            Raise(partition);
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
