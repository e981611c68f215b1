using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Tests;

/// <summary>Access follows custody: an office sees a case it is asked to take only while it decides, and a case's referrals go with the case.</summary>
[Collection(ApiCollection.Name)]
public sealed class CustodyAccessTests(ApiFixture fixture)
{
    private async Task<(string CaseNumber, string TransferId)> TransferRequestedAsync(string from, string to)
    {
        var sender = fixture.As(StaffRole.Caseworker, office: from);
        var created = await (await sender.PostAsync("/cases", Json.RegistrationBody(from).Content())).BodyAsync();
        var caseNumber = created["caseNumber"]!.GetValue<string>();
        var requested = await (await sender.PostAsync($"/cases/{caseNumber}/transfer-request", new JsonObject { ["toOfficeCode"] = to, ["reason"] = "closer to family" }.Content())).BodyAsync();
        return (caseNumber, requested["referrals"]![0]!["referralId"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_office_that_declined_a_transfer_no_longer_sees_the_case()
    {
        var (caseNumber, transfer) = await TransferRequestedAsync("ACA", "MEX");
        var mexico = fixture.As(StaffRole.Caseworker, office: "MEX");
        Assert.Equal(HttpStatusCode.OK, (await mexico.GetAsync($"/cases/{caseNumber}")).StatusCode);

        await mexico.PostAsync($"/referrals/{transfer}/decline", new JsonObject { ["reason"] = "no beds" }.Content());

        Assert.Equal(HttpStatusCode.NotFound, (await mexico.GetAsync($"/cases/{caseNumber}")).StatusCode);
    }

    [Fact]
    public async Task An_office_that_declined_a_transfer_no_longer_reads_the_transfer_and_its_sender_still_does()
    {
        var (_, transfer) = await TransferRequestedAsync("CJS", "TAP");
        var tapachula = fixture.As(StaffRole.Caseworker, office: "TAP");
        var juarez = fixture.As(StaffRole.Caseworker, office: "CJS");
        Assert.Equal(HttpStatusCode.OK, (await tapachula.GetAsync($"/referrals/{transfer}")).StatusCode);

        await tapachula.PostAsync($"/referrals/{transfer}/decline", new JsonObject { ["reason"] = "no beds" }.Content());

        Assert.Equal(HttpStatusCode.NotFound, (await tapachula.GetAsync($"/referrals/{transfer}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await juarez.GetAsync($"/referrals/{transfer}")).StatusCode);
    }

    [Fact]
    public async Task After_custody_moves_the_old_office_no_longer_sees_the_cases_referrals_and_the_new_one_does()
    {
        var (caseNumber, transfer) = await TransferRequestedAsync("TAP", "TUX");
        var tapachula = fixture.As(StaffRole.Caseworker, office: "TAP");
        var tuxtla = fixture.As(StaffRole.Caseworker, office: "TUX");
        var protection = await (await tapachula.PostAsync($"/cases/{caseNumber}/protection-referral", new JsonObject { ["recipient"] = "CNDH", ["consentGiven"] = true }.Content())).BodyAsync();
        var protectionId = protection["referrals"]!.AsArray().Single(r => r!["kind"]!.GetValue<string>() == "Protection")!["referralId"]!.GetValue<string>();

        await tuxtla.PostAsync($"/referrals/{transfer}/acceptance", null);

        Assert.Equal(HttpStatusCode.NotFound, (await tapachula.GetAsync($"/referrals/{protectionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tapachula.PostAsync($"/referrals/{protectionId}/cancellation", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tuxtla.GetAsync($"/referrals/{protectionId}")).StatusCode);
        var cancelled = await tuxtla.PostAsync($"/referrals/{protectionId}/cancellation", new JsonObject { ["reason"] = "no longer needed" }.Content());
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("Cancelled", (await tuxtla.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}"))!["referrals"]!.AsArray()
            .Single(r => r!["referralId"]!.GetValue<string>() == protectionId)!["status"]!.GetValue<string>());
    }
}
