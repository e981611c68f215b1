using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Interfaces.Offices;

/// <summary>An office's live caseload: open cases in its custody by status, its inbound transfers and intakes, and the transfers it sent.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.CaseloadSnapshot")]
public sealed record CaseloadSnapshot(
    [property: Id(0)] string OfficeCode,
    [property: Id(1)] int Capacity,
    [property: Id(2)] int OpenCases,
    [property: Id(3)] IReadOnlyDictionary<CaseStatus, int> ByStatus,
    [property: Id(4)] IReadOnlyList<ReferralInboxItem> Inbound,
    [property: Id(5)] IReadOnlyList<ReferralInboxItem> Outbound);
