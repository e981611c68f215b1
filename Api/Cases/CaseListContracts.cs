using System.ComponentModel;
using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Api.Cases;

/// <summary>A case as lists show it.</summary>
public sealed record CaseListItem(
    string CaseNumber, string OfficeCode, CaseStatus Status, int Version, string GivenNames, string FamilyNames,
    string Nationality, DateOnly BirthDate, IReadOnlyList<VulnerabilityFlag> Vulnerabilities,
    int OpenReferrals, [property: Description("Open referrals past their SLA.")] int OverdueReferrals, DateTimeOffset RegisteredAt);

/// <summary>A page of cases, oldest registration first.</summary>
public sealed record CaseListResponse(
    IReadOnlyList<CaseListItem> Items,
    [property: Description("Pass as cursor to get the next page; null on the last page.")] string? NextCursor);
