using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Referrals;

namespace Coordination.Grains.Cases;

/// <summary>What the lifecycle rules look at to decide whether an action is allowed now.</summary>
public sealed record CaseFacts(
    CaseStatus Status,
    CaseRegistration Registration,
    bool ChildProtectionAccepted,
    bool RiskAssessed,
    bool TravelDocumentReady,
    IReadOnlyCollection<CaseReferral> Referrals,
    DateOnly Today)
{
    public bool Has(VulnerabilityFlag flag) => Registration.Vulnerabilities.Contains(flag);

    public bool IsMinor => Registration.BirthDate.AddYears(18) > Today;

    public bool HasOpen(ReferralKind kind) => Referrals.Any(r => r.Kind == kind && ReferralRules.IsOpen(r.Status));
}
