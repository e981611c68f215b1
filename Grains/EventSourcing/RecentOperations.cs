using System.Collections.Immutable;

namespace Coordination.Grains.EventSourcing;

/// <summary>The window of recent operation ids a stream's state keeps, so that a retried command is answered, not applied twice.</summary>
public static class RecentOperations
{
    /// <summary>The window with <paramref name="operationId"/> added last (once), bounded to <paramref name="limit"/>.</summary>
    public static ImmutableList<string> Remember(ImmutableList<string> window, string? operationId, int limit)
    {
        if (operationId is null || window.Contains(operationId))
        {
            return window;
        }
        var remembered = window.Add(operationId);
        return remembered.Count > limit ? remembered.RemoveRange(0, remembered.Count - limit) : remembered;
    }
}
