namespace Coordination.Grains.Offices;

/// <summary>One office as configured under <c>Coordination:Offices</c>.</summary>
public sealed class OfficeDefinition
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string State { get; set; } = "";

    /// <summary>IANA time zone; the case-number year is the office's local year.</summary>
    public string TimeZone { get; set; } = "America/Mexico_City";

    /// <summary>How many open cases the office can carry.</summary>
    public int Capacity { get; set; }
}
