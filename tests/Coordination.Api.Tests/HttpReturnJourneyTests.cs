using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Tests;

/// <summary>
/// The Acayucan-to-departure journey a caseworker app runs, over HTTP alone, each step with a token
/// of the right role: INM's liaison refers a migrant, Acayucan's caseworker takes the case through
/// consent, INM and the consulate answer their referrals, Mexico City takes custody and books the flight.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HttpReturnJourneyTests(ApiFixture fixture)
{
    [Fact]
    public async Task From_an_INM_intake_at_Acayucan_to_departure_over_http()
    {
        var inm = fixture.As(StaffRole.Liaison, authority: "INM");
        var consulate = fixture.As(StaffRole.Liaison, authority: "CONS-GTM");
        var acayucan = fixture.As(StaffRole.Caseworker, office: "ACA");
        var mexico = fixture.As(StaffRole.Caseworker, office: "MEX");

        var migrant = Json.RegistrationBody();
        migrant["nationality"] = "GTM";
        migrant.Remove("document");
        var intake = await Post(inm, "/referrals/intakes", new JsonObject { ["officeCode"] = "ACA", ["migrant"] = migrant, ["consentGiven"] = true, ["note"] = "Estacion migratoria Acayucan" }, HttpStatusCode.Created);
        var accepted = await Post(acayucan, $"/referrals/{intake["referralId"]}/acceptance", null);
        var caseNumber = accepted["caseNumber"]!.GetValue<string>();
        Assert.StartsWith("ACA-", caseNumber);

        await Post(acayucan, $"/cases/{caseNumber}/counselling", new JsonObject { ["notes"] = "information session" });
        await Post(acayucan, $"/cases/{caseNumber}/screening", new JsonObject { ["eligible"] = true });
        await Post(acayucan, $"/cases/{caseNumber}/consent", null);
        var clearanceRequested = await Post(acayucan, $"/cases/{caseNumber}/exit-clearance-request", new JsonObject { ["consentGiven"] = true });
        Assert.Equal("ClearanceRequested", clearanceRequested["status"]!.GetValue<string>());

        await fixture.Grains.WaitForEventLogAsync(); // INM's inbox is a projection of the event log
        var inbox = await inm.GetFromJsonAsync<JsonObject>("/authorities/INM");
        var clearance = inbox!["inbox"]!.AsArray().Single(i => i!["caseNumber"]!.GetValue<string>() == caseNumber)!["referralId"]!.GetValue<string>();
        var seenByInm = await inm.GetFromJsonAsync<JsonObject>($"/referrals/{clearance}");
        Assert.Empty(seenByInm!["subject"]!["vulnerabilities"]!.AsArray());
        await Post(inm, $"/referrals/{clearance}/acknowledgement", null);
        await Post(inm, $"/referrals/{clearance}/acceptance", null);

        var withDocumentRequest = await Post(acayucan, $"/cases/{caseNumber}/travel-document-request", new JsonObject { ["consentGiven"] = true });
        var document = Referral(withDocumentRequest, "TravelDocument");
        await Post(consulate, $"/referrals/{document}/acceptance", null);
        await Post(consulate, $"/referrals/{document}/completion", null);

        var withTransfer = await Post(acayucan, $"/cases/{caseNumber}/transfer-request", new JsonObject { ["toOfficeCode"] = "MEX", ["reason"] = "flight from Mexico City" });
        var seenByMexico = await mexico.GetAsync($"/cases/{caseNumber}");
        Assert.Equal(HttpStatusCode.OK, seenByMexico.StatusCode); // a case transferred to an office is visible there
        await Post(mexico, $"/referrals/{Referral(withTransfer, "Transfer")}/acceptance", null);

        var current = await mexico.GetAsync($"/cases/{caseNumber}");
        var booked = await Post(mexico, $"/cases/{caseNumber}/travel-booking",
            new JsonObject { ["departureDate"] = DateTime.UtcNow.AddDays(5).ToString("yyyy-MM-dd"), ["carrier"] = "Aeromexico", ["itinerary"] = "MEX-GUA AM 0670", ["destination"] = "Guatemala City" },
            ifMatch: current.Headers.ETag!.Tag);
        var departed = await Post(mexico, $"/cases/{caseNumber}/departure", null);

        Assert.Equal("TravelBooked", booked["status"]!.GetValue<string>());
        Assert.Equal("Departed", departed["status"]!.GetValue<string>());
        Assert.Equal("MEX", departed["officeCode"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await acayucan.GetAsync($"/cases/{caseNumber}")).StatusCode);
        var history = await mexico.GetFromJsonAsync<JsonArray>($"/cases/{caseNumber}/history");
        Assert.Contains(history!, h => h!["event"]!.GetValue<string>() == "ReferralProgressed" && h["actor"]!.GetValue<string>() == "liaison@INM"
            && h["reason"]!.GetValue<string>().Contains("(ExitClearance) Accepted") && h["to"]!.GetValue<string>() == "Cleared");
    }

    [Fact]
    public async Task A_stale_if_match_is_refused_with_412_and_an_illegal_action_with_409_naming_what_is_allowed()
    {
        var acayucan = fixture.As(StaffRole.Caseworker, office: "ACA");
        var created = await acayucan.PostAsync("/cases", Json.RegistrationBody("ACA").Content());
        var caseNumber = (await created.BodyAsync())["caseNumber"]!.GetValue<string>();
        var firstTag = created.Headers.ETag!.Tag;
        await Post(acayucan, $"/cases/{caseNumber}/counselling", null, ifMatch: firstTag);

        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/cases/{caseNumber}/hold") { Content = Json.Raw("{\"reason\":\"medical\"}") };
        stale.Headers.TryAddWithoutValidation("If-Match", firstTag);
        var staleResponse = await acayucan.SendAsync(stale);
        var illegal = await acayucan.PostAsync($"/cases/{caseNumber}/departure", null);
        var illegalBody = await illegal.BodyAsync();

        Assert.Equal(HttpStatusCode.PreconditionFailed, staleResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, illegal.StatusCode);
        Assert.Equal("application/problem+json", illegal.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Counselled", illegalBody["currentStatus"]!.GetValue<string>());
        Assert.Contains("RecordScreening", illegalBody["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    private static string Referral(JsonObject @case, string kind) =>
        @case["referrals"]!.AsArray().Last(r => r!["kind"]!.GetValue<string>() == kind)!["referralId"]!.GetValue<string>();

    private static async Task<JsonObject> Post(HttpClient client, string path, JsonObject? body, HttpStatusCode expected = HttpStatusCode.OK, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body?.Content() };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
