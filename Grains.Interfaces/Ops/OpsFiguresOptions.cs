namespace Coordination.Grains.Interfaces.Ops;

/// <summary>
/// Settings of the operations figures (<c>Coordination:Ops</c>), read by the silo (which counts per
/// day) and the API (which says what today and this week are). Changing the time zone takes a
/// rebuild of the "ops" projection for the days already counted.
/// </summary>
public sealed class OpsFiguresOptions
{
    public const string Section = "Coordination:Ops";

    /// <summary>The IANA time zone whose dates the figures count by.</summary>
    public string TimeZone { get; set; } = "America/Mexico_City";

    /// <summary>The time zone, or a clear error naming the setting.</summary>
    public TimeZoneInfo Zone() => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone)
        ? zone
        : throw new InvalidOperationException($"{Section}:TimeZone '{TimeZone}' is not a time zone this machine knows (an IANA name such as America/Mexico_City).");

    /// <summary>The date of an instant in the programme's time zone.</summary>
    public static DateOnly DayOf(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
}
