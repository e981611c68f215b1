using Coordination.Grains.Cases;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Referrals;

namespace Coordination.Grains.Directory;

/// <summary>One case as the case directory (the read model behind lists and search) shows it.</summary>
public sealed record CaseDirectoryEntry(
    string CaseNumber,
    string OfficeCode,
    CaseStatus Status,
    int Version,
    string GivenNames,
    string FamilyNames,
    string FoldedNames,
    string Nationality,
    DateOnly BirthDate,
    string? DocumentNumber,
    IReadOnlyList<VulnerabilityFlag> Vulnerabilities,
    int OpenReferrals,
    int OverdueReferrals,
    DateTimeOffset RegisteredAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Projects a registered case's state; the same projection serves updates and rebuilds.</summary>
    public static CaseDirectoryEntry From(string caseNumber, CaseState state)
    {
        var registration = state.Registration ?? throw new ArgumentException("Only registered cases are in the directory.", nameof(state));
        return new CaseDirectoryEntry(
            caseNumber,
            state.OfficeCode,
            state.Status,
            state.Version,
            registration.GivenNames,
            registration.FamilyNames,
            NameFolding.Fold($"{registration.GivenNames} {registration.FamilyNames}"),
            registration.Nationality,
            registration.BirthDate,
            registration.Document is { } document ? DocumentNumbers.Normalize(document.Number) : null,
            [.. registration.Vulnerabilities],
            state.Referrals.Count(r => ReferralRules.IsOpen(r.Status)),
            state.Referrals.Count(r => ReferralRules.IsOpen(r.Status) && r.Overdue),
            state.RegisteredAt,
            state.History.Count > 0 ? state.History[^1].At : state.RegisteredAt);
    }
}
