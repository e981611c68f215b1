using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Grains.Interfaces.Offices;

/// <summary>An office as its grain holds it.</summary>
/// <param name="Code">Office code, e.g. <c>ACA</c>.</param>
/// <param name="Name">Display name, e.g. <c>Acayucan</c>.</param>
/// <param name="State">The Mexican state the office is in.</param>
/// <param name="TimeZone">IANA time zone of the office; the case-number year follows its calendar.</param>
/// <param name="Capacity">How many open cases the office can carry.</param>
/// <param name="CasesRegistered">Cases registered at this office since it opened.</param>
/// <param name="LastCaseNumber">The most recently allotted case number, if any.</param>
[GenerateSerializer, Immutable, Alias("Coordination.OfficeSnapshot")]
public sealed record OfficeSnapshot(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] string State,
    [property: Id(3)] string TimeZone,
    [property: Id(4)] int Capacity,
    [property: Id(5)] int CasesRegistered,
    [property: Id(6)] CaseNumber? LastCaseNumber);
