using Coordination.Grains.Cases;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Domain.Tests;

/// <summary>The guards that protect migrants, on the pure lifecycle rules.</summary>
public sealed class CaseGuardTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    private static CaseFacts Facts(CaseStatus status, VulnerabilityFlag[]? flags = null, bool childProtection = false, bool risk = false,
        bool travelDocument = false, DateOnly? birthDate = null, CaseReferral[]? referrals = null) => new(
        status,
        new CaseRegistration("Ana", "Martinez", Sex.Female, birthDate ?? new DateOnly(1990, 1, 1), "HND", ["es"], null, [.. flags ?? []]),
        childProtection, risk, travelDocument, referrals ?? [], Today);

    [Fact]
    public void An_unaccompanied_minor_cannot_consent_until_DIF_accepts()
    {
        var refusal = CaseLifecycle.Refusal(Facts(CaseStatus.Screened, [VulnerabilityFlag.UnaccompaniedMinor]), CaseAction.RecordConsent, StaffRole.Caseworker);

        Assert.Contains("DIF", refusal);
        Assert.Null(CaseLifecycle.Refusal(Facts(CaseStatus.Screened, [VulnerabilityFlag.UnaccompaniedMinor], childProtection: true), CaseAction.RecordConsent, StaffRole.Caseworker));
    }

    [Theory]
    [InlineData(VulnerabilityFlag.TraffickingVictim)]
    [InlineData(VulnerabilityFlag.KidnappingVictim)]
    public void A_victim_cannot_consent_without_a_risk_assessment(VulnerabilityFlag flag)
    {
        Assert.Contains("risk assessment", CaseLifecycle.Refusal(Facts(CaseStatus.Screened, [flag]), CaseAction.RecordConsent, StaffRole.Caseworker));
        Assert.Null(CaseLifecycle.Refusal(Facts(CaseStatus.Screened, [flag], risk: true), CaseAction.RecordConsent, StaffRole.Caseworker));
    }

    [Fact]
    public void Travel_cannot_be_booked_without_a_travel_document()
    {
        Assert.Contains("travel document", CaseLifecycle.Refusal(Facts(CaseStatus.Cleared), CaseAction.BookTravel, StaffRole.Caseworker));
        Assert.Null(CaseLifecycle.Refusal(Facts(CaseStatus.Cleared, travelDocument: true), CaseAction.BookTravel, StaffRole.Caseworker));
    }

    [Fact]
    public void Only_a_supervisor_reopens()
    {
        Assert.Contains("supervisor", CaseLifecycle.Refusal(Facts(CaseStatus.Withdrawn), CaseAction.Reopen, StaffRole.Caseworker));
        Assert.Null(CaseLifecycle.Refusal(Facts(CaseStatus.Withdrawn), CaseAction.Reopen, StaffRole.Supervisor));
        Assert.DoesNotContain(CaseAction.Reopen, CaseLifecycle.AllowedActions(Facts(CaseStatus.Closed), StaffRole.Caseworker));
    }

    [Fact]
    public void Child_protection_referrals_are_for_minors_and_only_one_at_a_time()
    {
        var open = new CaseReferral("X-R01", ReferralKind.ChildProtection, "DIF", ReferralStatus.Sent, false);

        Assert.NotNull(CaseLifecycle.Refusal(Facts(CaseStatus.Registered), CaseAction.ReferForChildProtection, StaffRole.Caseworker));
        Assert.Null(CaseLifecycle.Refusal(Facts(CaseStatus.Registered, birthDate: Today.AddYears(-15)), CaseAction.ReferForChildProtection, StaffRole.Caseworker));
        Assert.NotNull(CaseLifecycle.Refusal(Facts(CaseStatus.Registered, birthDate: Today.AddYears(-15), referrals: [open]), CaseAction.ReferForChildProtection, StaffRole.Caseworker));
    }

    [Fact]
    public void A_refusal_for_a_status_names_it()
    {
        Assert.Equal("a Departed case does not allow Withdraw", CaseLifecycle.Refusal(Facts(CaseStatus.Departed), CaseAction.Withdraw, StaffRole.Caseworker));
    }

    [Theory]
    [InlineData(CaseStatus.Registered, CaseAction.RecordCounselling, CaseStatus.Counselled)]
    [InlineData(CaseStatus.Screened, CaseAction.RecordConsent, CaseStatus.Consented)]
    [InlineData(CaseStatus.Consented, CaseAction.RequestExitClearance, CaseStatus.ClearanceRequested)]
    [InlineData(CaseStatus.Cleared, CaseAction.BookTravel, CaseStatus.TravelBooked)]
    [InlineData(CaseStatus.TravelBooked, CaseAction.RecordDeparture, CaseStatus.Departed)]
    [InlineData(CaseStatus.Departed, CaseAction.RecordArrival, CaseStatus.Arrived)]
    [InlineData(CaseStatus.Arrived, CaseAction.StartReintegration, CaseStatus.Reintegration)]
    [InlineData(CaseStatus.Reintegration, CaseAction.Close, CaseStatus.Closed)]
    [InlineData(CaseStatus.Consented, CaseAction.Withdraw, CaseStatus.Withdrawn)]
    [InlineData(CaseStatus.Cleared, CaseAction.PutOnHold, CaseStatus.OnHold)]
    [InlineData(CaseStatus.Counselled, CaseAction.RecordRiskAssessment, CaseStatus.Counselled)]
    [InlineData(CaseStatus.Screened, CaseAction.RequestTravelDocument, CaseStatus.Screened)]
    public void Each_action_leads_where_the_lifecycle_says(CaseStatus from, CaseAction action, CaseStatus to)
    {
        Assert.Equal(to, CaseLifecycle.Target(from, action));
    }

    [Theory]
    [InlineData(CaseStatus.Ineligible, CaseStatus.Counselled, true, CaseStatus.Counselled)]
    [InlineData(CaseStatus.Withdrawn, CaseStatus.Consented, true, CaseStatus.Counselled)]
    [InlineData(CaseStatus.Withdrawn, CaseStatus.Registered, false, CaseStatus.Registered)]
    [InlineData(CaseStatus.Closed, CaseStatus.Reintegration, true, CaseStatus.Reintegration)]
    [InlineData(CaseStatus.Closed, CaseStatus.Arrived, true, CaseStatus.Reintegration)]
    public void A_reopened_case_resumes_where_its_return_can_go_on(CaseStatus terminal, CaseStatus before, bool counselled, CaseStatus resumesAt)
    {
        Assert.Equal(resumesAt, CaseLifecycle.ReopenTarget(terminal, before, counselled));
    }
}
