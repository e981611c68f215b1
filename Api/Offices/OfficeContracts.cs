using System.ComponentModel;
using Coordination.Grains.Interfaces.Offices;

namespace Coordination.Api.Offices;

/// <summary>An IOM field office.</summary>
public sealed record OfficeResponse(
    [property: Description("Office code: MEX, TAP, TUX, CJS or ACA.")] string Code,
    string Name,
    [property: Description("The Mexican state the office is in.")] string State,
    [property: Description("IANA time zone of the office.")] string TimeZone,
    [property: Description("How many open cases the office can carry.")] int Capacity,
    [property: Description("Cases registered at this office.")] int CasesRegistered,
    [property: Description("The most recently allotted case number.")] string? LastCaseNumber)
{
    public static OfficeResponse From(OfficeSnapshot office) => new(
        office.Code, office.Name, office.State, office.TimeZone, office.Capacity, office.CasesRegistered, office.LastCaseNumber?.ToString());
}
