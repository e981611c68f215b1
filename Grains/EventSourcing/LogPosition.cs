namespace Coordination.Grains.EventSourcing;

/// <summary>
/// A place in the log, in commit order: the appending transaction's id, then the row's position
/// within it. Comparing positions compares commit order for every transaction a reader may see.
/// </summary>
public readonly record struct LogPosition(long TxId, long Position) : IComparable<LogPosition>
{
    public static readonly LogPosition Start = new(0, 0);

    public int CompareTo(LogPosition other) => TxId != other.TxId ? TxId.CompareTo(other.TxId) : Position.CompareTo(other.Position);

    public static bool operator <(LogPosition left, LogPosition right) => left.CompareTo(right) < 0;
    public static bool operator >(LogPosition left, LogPosition right) => left.CompareTo(right) > 0;
    public static bool operator <=(LogPosition left, LogPosition right) => left.CompareTo(right) <= 0;
    public static bool operator >=(LogPosition left, LogPosition right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{TxId}:{Position}";
}
