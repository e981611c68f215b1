using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>How referral outcomes move a case, including the ones that arrive late or undo an earlier answer.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReferralOutcomeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_cancelled_exit_clearance_returns_the_case_to_consented_so_it_can_be_asked_again()
    {
        var driver = new CaseDriver(fixture.Client);
        var requested = await driver.DriveToAsync(CaseStatus.ClearanceRequested);
        var clearance = driver.Referral(CaseDriver.OpenReferral(requested, ReferralKind.ExitClearance));

        await clearance.CancelAsync(Staff.Caseworker(), "sent with the wrong passport number");
        var after = (await driver.Case(requested).GetAsync())!;

        Assert.Equal(CaseStatus.Consented, after.Status);
        Assert.Contains(CaseAction.RequestExitClearance, after.AllowedActions);
    }

    [Fact]
    public async Task An_answer_that_crosses_a_withdrawal_does_not_reopen_the_cancelled_referral()
    {
        var driver = new CaseDriver(fixture.Client);
        var requested = await driver.DriveToAsync(CaseStatus.ClearanceRequested);
        var referralId = CaseDriver.OpenReferral(requested, ReferralKind.ExitClearance);
        await driver.Case(requested).WithdrawAsync(Staff.Caseworker(), "stays in Mexico");

        await driver.Case(requested).ObserveReferralAsync(new ReferralProgress(referralId, ReferralKind.ExitClearance, "INM", ReferralStatus.Accepted, false, "liaison@INM", null));
        var after = (await driver.Case(requested).GetAsync())!;

        Assert.Equal(CaseStatus.Withdrawn, after.Status);
        Assert.Equal(ReferralStatus.Cancelled, after.Referrals.Single(r => r.ReferralId == referralId).Status);
    }

    [Fact]
    public async Task An_accepted_transfer_is_complete_so_the_new_office_can_transfer_the_case_on()
    {
        var driver = new CaseDriver(fixture.Client);
        var registered = await driver.RegisterAsync(Registrations.Valid(), "CJS");
        var requested = await driver.Case(registered).RequestTransferAsync(Staff.Caseworker("CJS"), "MEX", "nearer the consulate");
        await driver.Referral(CaseDriver.OpenReferral(requested, ReferralKind.Transfer)).AcceptAsync(Staff.Caseworker("MEX"));

        var moved = (await driver.Case(registered).GetAsync())!;
        var onward = await driver.Case(registered).RequestTransferAsync(Staff.Caseworker("MEX"), "TAP", "family in Tapachula");

        Assert.Equal(ReferralStatus.Completed, moved.Referrals.Single(r => r.Kind == ReferralKind.Transfer).Status);
        Assert.Equal("MEX", moved.OfficeCode);
        Assert.Equal(2, onward.Referrals.Count(r => r.Kind == ReferralKind.Transfer));
        await fixture.Client.WaitForEventLogAsync();
        Assert.DoesNotContain((await fixture.Client.GetGrain<IOfficeGrain>("MEX").GetCaseloadAsync()).Inbound, i => i.CaseNumber == registered.CaseNumber.ToString());
    }

    [Fact]
    public async Task Once_custody_has_moved_the_old_office_cannot_act_on_the_case()
    {
        var driver = new CaseDriver(fixture.Client);
        var registered = await driver.RegisterAsync(Registrations.Valid(), "TAP");
        var requested = await driver.Case(registered).RequestTransferAsync(Staff.Caseworker("TAP"), "MEX", "nearer the airport");
        await driver.Referral(CaseDriver.OpenReferral(requested, ReferralKind.Transfer)).AcceptAsync(Staff.Caseworker("MEX"));

        var refused = await Assert.ThrowsAsync<Coordination.Grains.Interfaces.Errors.CaseActionRefusedException>(
            () => driver.Case(registered).RecordCounsellingAsync(Staff.Caseworker("TAP"), "late"));
        var counselled = await driver.Case(registered).RecordCounsellingAsync(Staff.Caseworker("MEX"), "first session in Mexico City");

        Assert.Contains("custody of MEX", refused.Reason);
        Assert.Equal(CaseStatus.Counselled, counselled.Status);
    }
}
