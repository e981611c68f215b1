using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>Journey 2: an unaccompanied minor cannot consent until DIF accepts child protection.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UnaccompaniedMinorJourneyTests(ClusterFixture fixture)
{
    [Fact]
    public async Task An_unaccompanied_minor_consents_only_after_DIF_accepts()
    {
        var driver = new CaseDriver(fixture.Client);
        var registered = await driver.RegisterAsync(Registrations.UnaccompaniedMinor(), "TAP");
        var @case = driver.Case(registered);
        await @case.RecordCounsellingAsync(Staff.Caseworker("TAP"), "with a guardian ad litem");
        var screened = await @case.RecordScreeningAsync(Staff.Caseworker("TAP"), eligible: true, null);
        Assert.DoesNotContain(CaseAction.RecordConsent, screened.AllowedActions);

        var refused = await Assert.ThrowsAsync<CaseActionRefusedException>(() => @case.RecordConsentAsync(Staff.Caseworker("TAP")));
        Assert.Equal(CaseStatus.Screened, refused.Status);
        Assert.Contains("DIF", refused.Reason);
        Assert.Contains(CaseAction.ReferForChildProtection, refused.AllowedActions);

        var referred = await @case.ReferForChildProtectionAsync(Staff.Caseworker("TAP"), ReferralConsent.Granted);
        var childProtection = driver.Referral(CaseDriver.OpenReferral(referred, ReferralKind.ChildProtection));
        var sent = (await childProtection.GetAsync())!;
        Assert.Equal("DIF", sent.To);
        Assert.Contains(VulnerabilityFlag.UnaccompaniedMinor, sent.Subject.Vulnerabilities);
        await Assert.ThrowsAsync<CaseActionRefusedException>(() => @case.RecordConsentAsync(Staff.Caseworker("TAP")));

        await childProtection.AcceptAsync(Staff.Liaison("DIF"));
        var consented = await @case.RecordConsentAsync(Staff.Caseworker("TAP"));

        Assert.Equal(CaseStatus.Consented, consented.Status);
        Assert.True(consented.ChildProtectionAccepted);
    }

    [Fact]
    public async Task A_kidnapping_victim_consents_only_after_a_risk_assessment()
    {
        var driver = new CaseDriver(fixture.Client);
        var @case = driver.Case(await driver.RegisterAsync(Registrations.KidnappingVictim(), "ACA"));
        await @case.RecordCounsellingAsync(Staff.Caseworker(), null);
        await @case.RecordScreeningAsync(Staff.Caseworker(), eligible: true, null);

        var refused = await Assert.ThrowsAsync<CaseActionRefusedException>(() => @case.RecordConsentAsync(Staff.Caseworker()));
        await @case.RecordRiskAssessmentAsync(Staff.Caseworker(), RiskLevel.High, "kidnappers know the family's address");
        var consented = await @case.RecordConsentAsync(Staff.Caseworker());

        Assert.Contains("risk assessment", refused.Reason);
        Assert.Equal(CaseStatus.Consented, consented.Status);
        Assert.Equal(RiskLevel.High, consented.RiskAssessment!.Level);
    }
}
