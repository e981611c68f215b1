using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Tests;

/// <summary>The note an answer is given with is kept: an acceptance's reason comes back on the referral, as a decline's does.</summary>
[Collection(ApiCollection.Name)]
public sealed class AcceptanceReasonTests(ApiFixture fixture)
{
    [Fact]
    public async Task An_intake_accepted_with_a_reason_shows_that_reason()
    {
        var inm = fixture.As(StaffRole.Liaison, authority: "INM");
        var acayucan = fixture.As(StaffRole.Caseworker, office: "ACA");
        var intake = await (await inm.PostAsJsonAsync("/referrals/intakes",
            new JsonObject { ["officeCode"] = "ACA", ["migrant"] = Json.RegistrationBody(), ["consentGiven"] = true })).BodyAsync();
        var referralId = intake["referralId"]!.GetValue<string>();

        var accepted = await acayucan.PostAsync($"/referrals/{referralId}/acceptance", new JsonObject { ["reason"] = "  Shelter place confirmed for tonight " }.Content());
        var read = await acayucan.GetFromJsonAsync<JsonObject>($"/referrals/{referralId}");

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("Shelter place confirmed for tonight", (await accepted.BodyAsync())["reason"]?.GetValue<string>());
        Assert.Equal("Shelter place confirmed for tonight", read!["reason"]?.GetValue<string>());
    }

    [Fact]
    public async Task An_acceptance_reason_with_control_characters_is_refused()
    {
        var inm = fixture.As(StaffRole.Liaison, authority: "INM");
        var intake = await (await inm.PostAsJsonAsync("/referrals/intakes",
            new JsonObject { ["officeCode"] = "ACA", ["migrant"] = Json.RegistrationBody(), ["consentGiven"] = true })).BodyAsync();

        var response = await fixture.As(StaffRole.Caseworker, office: "ACA")
            .PostAsync($"/referrals/{intake["referralId"]!.GetValue<string>()}/acceptance", new JsonObject { ["reason"] = "a\u0000b" }.Content());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
