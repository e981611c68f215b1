using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Tests;

/// <summary>
/// An administrator closes an office to transfers and intakes by setting its capacity to 0: a
/// transfer or an intake sent to it is refused when sent (409 naming the office), and opening it
/// again lets them through.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ClosedOfficeTests(ApiFixture fixture)
{
    [Fact]
    public async Task A_closed_office_refuses_transfers_and_intakes_when_they_are_sent()
    {
        var administrator = fixture.As(StaffRole.Administrator);
        var acayucan = fixture.As(StaffRole.Caseworker, office: "ACA");
        var inm = fixture.As(StaffRole.Liaison, authority: "INM");
        var before = (await administrator.GetFromJsonAsync<JsonObject>("/offices/CJS"))!["capacity"]!.GetValue<int>();
        var created = await (await acayucan.PostAsync("/cases", Json.RegistrationBody("ACA").Content())).BodyAsync();
        var caseNumber = created["caseNumber"]!.GetValue<string>();
        try
        {
            var closed = await administrator.PutAsJsonAsync("/offices/CJS/capacity", new { capacity = 0 });
            var transfer = await acayucan.PostAsync($"/cases/{caseNumber}/transfer-request", new JsonObject { ["toOfficeCode"] = "CJS", ["reason"] = "family in Juarez" }.Content());
            var intake = await inm.PostAsync("/referrals/intakes", new JsonObject { ["officeCode"] = "CJS", ["migrant"] = Json.RegistrationBody(), ["consentGiven"] = true }.Content());

            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, transfer.StatusCode);
            Assert.Contains("closed", (await transfer.BodyAsync())["title"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.Conflict, intake.StatusCode);
            var unchanged = await acayucan.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}");
            Assert.Equal(created["version"]!.GetValue<int>(), unchanged!["version"]!.GetValue<int>());
        }
        finally
        {
            await administrator.PutAsJsonAsync("/offices/CJS/capacity", new { capacity = before });
        }

        var reopened = await acayucan.PostAsync($"/cases/{caseNumber}/transfer-request", new JsonObject { ["toOfficeCode"] = "CJS", ["reason"] = "family in Juarez" }.Content());
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
    }
}
