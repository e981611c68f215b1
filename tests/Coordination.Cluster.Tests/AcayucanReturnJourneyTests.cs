using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>
/// Journey 1: a migrant at INM's station in Acayucan asks to return. INM refers him to the IOM
/// office; he is counselled, screened and consents; INM clears his exit; the consulate issues a
/// travel document; the case moves to Mexico City, from where he flies home.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AcayucanReturnJourneyTests(ClusterFixture fixture)
{
    [Fact]
    public async Task From_an_INM_intake_at_Acayucan_to_arrival_home_via_Mexico_City()
    {
        var grains = fixture.Client;
        var driver = new CaseDriver(grains);
        await grains.WaitForEventLogAsync();
        var inmBefore = await grains.GetGrain<IAuthorityLiaisonGrain>("INM").GetAsync();
        var mexicoBefore = await grains.GetGrain<IOfficeGrain>("MEX").GetCaseloadAsync();
        var acayucanBefore = await grains.GetGrain<IOfficeGrain>("ACA").GetCaseloadAsync();
        var registration = Registrations.Valid() with { Nationality = "GTM", Document = null, Languages = ["es", "mam"] };

        // INM refers the migrant to the Acayucan office, which accepts: the case is registered there.
        var intakeId = $"INM-INTAKE-{Guid.NewGuid():N}";
        var intake = grains.GetGrain<IReferralGrain>(intakeId);
        await intake.SendAsync(new ReferralRequest(ReferralKind.Intake, null, "INM", "ACA",
            new ReferralSubject(registration.GivenNames, registration.FamilyNames, registration.BirthDate, registration.Nationality, registration.Sex, null, [], [.. registration.Languages]),
            registration, true, null, "Migration station Acayucan", "liaison@INM"));
        await grains.WaitForEventLogAsync();
        Assert.Contains((await grains.GetGrain<IOfficeGrain>("ACA").GetCaseloadAsync()).Inbound, i => i.ReferralId == intakeId);
        var accepted = await intake.AcceptAsync(Staff.Caseworker("ACA"));
        var caseNumber = accepted.ResultingCaseNumber!;
        var @case = grains.GetGrain<ICaseGrain>(caseNumber);
        Assert.StartsWith("ACA-", caseNumber);
        await grains.WaitForEventLogAsync();
        Assert.DoesNotContain((await grains.GetGrain<IOfficeGrain>("ACA").GetCaseloadAsync()).Inbound, i => i.ReferralId == intakeId);

        await @case.RecordCounsellingAsync(Staff.Caseworker("ACA"), "information in Spanish and Mam");
        await @case.RecordScreeningAsync(Staff.Caseworker("ACA"), eligible: true, null);
        await @case.RecordConsentAsync(Staff.Caseworker("ACA"));

        // INM clears the exit.
        var requested = await @case.RequestExitClearanceAsync(Staff.Caseworker("ACA"), ReferralConsent.Granted);
        Assert.Equal(CaseStatus.ClearanceRequested, requested.Status);
        var clearance = grains.GetGrain<IReferralGrain>(CaseDriver.OpenReferral(requested, ReferralKind.ExitClearance));
        await grains.WaitForEventLogAsync(); // the referral opens itself from the case's request, and INM's inbox follows
        Assert.Contains((await grains.GetGrain<IAuthorityLiaisonGrain>("INM").GetAsync()).Inbox, i => i.CaseNumber == caseNumber);
        await clearance.AcknowledgeAsync(Staff.Liaison("INM"));
        await clearance.AcceptAsync(Staff.Liaison("INM"));
        Assert.Equal(CaseStatus.Cleared, (await @case.GetAsync())!.Status);

        // Without a passport, the consulate of Guatemala issues a travel document.
        var withRequest = await @case.RequestTravelDocumentAsync(Staff.Caseworker("ACA"), ReferralConsent.Granted);
        var document = grains.GetGrain<IReferralGrain>(CaseDriver.OpenReferral(withRequest, ReferralKind.TravelDocument));
        Assert.Equal("CONS-GTM", (await document.GetAsync())!.To);
        await document.AcceptAsync(Staff.Liaison("CONS-GTM"));
        Assert.False((await @case.GetAsync())!.TravelDocumentReady);
        await document.CompleteAsync(Staff.Liaison("CONS-GTM"));
        Assert.True((await @case.GetAsync())!.TravelDocumentReady);

        // The case moves to Mexico City, nearer the flight; custody moves when Mexico City accepts.
        var withTransfer = await @case.RequestTransferAsync(Staff.Caseworker("ACA"), "MEX", "flight leaves from Mexico City");
        Assert.Equal("ACA", withTransfer.OfficeCode);
        var transfer = grains.GetGrain<IReferralGrain>(CaseDriver.OpenReferral(withTransfer, ReferralKind.Transfer));
        await transfer.AcceptAsync(Staff.Caseworker("MEX"));
        var transferred = (await @case.GetAsync())!;
        Assert.Equal("MEX", transferred.OfficeCode);
        Assert.Equal(CaseStatus.Cleared, transferred.Status);

        await @case.BookTravelAsync(Staff.Caseworker("MEX"), Bookings.NextWeek() with { Destination = "Guatemala City" });
        await @case.RecordDepartureAsync(Staff.Caseworker("MEX"));
        var arrived = await @case.RecordArrivalAsync(Staff.Caseworker("MEX"));

        Assert.Equal(CaseStatus.Arrived, arrived.Status);
        Assert.All(arrived.Referrals, r => Assert.Contains(r.Status, new[] { ReferralStatus.Accepted, ReferralStatus.Completed }));
        var history = await @case.GetHistoryAsync();
        Assert.Equal(
            ["CaseRegistered", "CounsellingRecorded", "ScreeningRecorded", "ConsentRecorded", "ReferralRequested", "ReferralProgressed",
             "ReferralProgressed", "ReferralRequested", "ReferralProgressed", "ReferralProgressed", "ReferralRequested",
             "ReferralProgressed", "TravelBooked", "DepartureRecorded", "ArrivalRecorded"],
            history.Select(h => h.Event));
        Assert.Equal(Enumerable.Range(1, history.Count), history.Select(h => h.Version));
        Assert.Equal("caseworker@ACA", history[0].Actor);
        Assert.Contains(intakeId, history[0].Reason);
        Assert.Contains(history, h => h.Event == "ReferralProgressed" && h.Reason!.Contains("(ExitClearance) Accepted") && h.Actor == "liaison@INM"
            && h.From == CaseStatus.ClearanceRequested && h.To == CaseStatus.Cleared);
        Assert.Contains(history, h => h.Event == "ReferralProgressed" && h.Reason!.Contains("(Transfer) Completed") && h.Actor == "caseworker@MEX");

        // The offices' caseloads followed the case; INM's figures count its answer.
        await grains.WaitForEventLogAsync();
        var aca = await grains.GetGrain<IOfficeGrain>("ACA").GetCaseloadAsync();
        Assert.Equal(acayucanBefore.OpenCases, aca.OpenCases);
        var mex = await grains.GetGrain<IOfficeGrain>("MEX").GetCaseloadAsync();
        Assert.Equal(mexicoBefore.OpenCases + 1, mex.OpenCases);
        Assert.True(mex.ByStatus[CaseStatus.Arrived] >= 1);
        var inm = await grains.GetGrain<IAuthorityLiaisonGrain>("INM").GetAsync();
        Assert.DoesNotContain(inm.Inbox, i => i.CaseNumber == caseNumber);
        Assert.Equal(inmBefore.Turnaround.Answered + 1, inm.Turnaround.Answered);
        Assert.True(inm.TurnaroundByOffice["ACA"].Answered >= 1);
    }
}
