namespace Coordination.Grains.Interfaces.Cases;

/// <summary>A registered case as its grain holds it.</summary>
/// <param name="CaseNumber">The case's key, e.g. <c>ACA-2026-000123</c>.</param>
/// <param name="OfficeCode">The office that registered the case.</param>
/// <param name="Registration">The migrant's registration data.</param>
/// <param name="Status">Current lifecycle status.</param>
/// <param name="RegisteredAt">When the case was registered.</param>
/// <param name="Version">Increments with every change; the basis for optimistic concurrency.</param>
[GenerateSerializer, Immutable, Alias("Coordination.CaseSnapshot")]
public sealed record CaseSnapshot(
    [property: Id(0)] CaseNumber CaseNumber,
    [property: Id(1)] string OfficeCode,
    [property: Id(2)] CaseRegistration Registration,
    [property: Id(3)] CaseStatus Status,
    [property: Id(4)] DateTimeOffset RegisteredAt,
    [property: Id(5)] int Version);
