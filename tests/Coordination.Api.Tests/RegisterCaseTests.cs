using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coordination.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class RegisterCaseTests(ApiFixture fixture)
{
    [Fact]
    public async Task A_caseworker_registers_a_migrant_at_Acayucan_and_reads_the_case_back()
    {
        await fixture.Grains.WaitForEventLogAsync();
        var officeBefore = await (await fixture.Http.GetAsync("/offices/ACA")).BodyAsync();
        var body = Json.RegistrationBody("ACA");

        var created = await fixture.Http.PostAsync("/cases", body.Content());
        var registered = await created.BodyAsync();
        var caseNumber = registered["caseNumber"]!.GetValue<string>();
        var read = await fixture.Http.GetAsync($"/cases/{caseNumber}");
        await fixture.Grains.WaitForEventLogAsync(); // the office's figures are a projection of the event log
        var officeAfter = await (await fixture.Http.GetAsync("/offices/ACA")).BodyAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Matches(@"^ACA-\d{4}-\d{6}$", caseNumber);
        Assert.Equal($"/cases/{caseNumber}", created.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var readBody = await read.BodyAsync();
        Assert.True(JsonNode.DeepEquals(registered, readBody));
        Assert.Equal("Registered", readBody["status"]!.GetValue<string>());
        Assert.Equal(body["givenNames"]!.GetValue<string>(), readBody["givenNames"]!.GetValue<string>());
        Assert.Equal("1994-03-02", readBody["birthDate"]!.GetValue<string>());
        Assert.Equal("Passport", readBody["document"]!["type"]!.GetValue<string>());
        Assert.Equal(officeBefore["casesRegistered"]!.GetValue<int>() + 1, officeAfter["casesRegistered"]!.GetValue<int>());
        Assert.Equal(caseNumber, officeAfter["lastCaseNumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_history_names_the_token_s_subject_for_the_registration_and_every_change_not_its_display_name()
    {
        var subject = $"staff-{Guid.NewGuid():N}";
        var ana = fixture.Api.ClientAs(Grains.Interfaces.Commands.StaffRole.Caseworker, office: "ACA", name: "Ana Lopez", subject: subject);

        var created = await (await ana.PostAsync("/cases", Json.RegistrationBody("ACA").Content())).BodyAsync();
        var caseNumber = created["caseNumber"]!.GetValue<string>();
        await ana.PostAsync($"/cases/{caseNumber}/counselling", null);
        var history = await ana.GetFromJsonAsync<JsonArray>($"/cases/{caseNumber}/history");

        Assert.Equal([subject, subject], history!.Select(h => h!["actor"]!.GetValue<string>()));
        Assert.Equal(["CaseRegistered", "CounsellingRecorded"], history!.Select(h => h!["event"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Registration_data_is_tidied_codes_upper_cased_and_a_missing_document_allowed()
    {
        var body = Json.RegistrationBody("TAP");
        body["givenNames"] = "  Juan   Carlos ";
        body["nationality"] = "gtm";
        body["languages"] = new JsonArray("MAM", "es");
        body.Remove("document");

        var created = await fixture.Http.PostAsync("/cases", body.Content());
        var registered = await created.BodyAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("Juan Carlos", registered["givenNames"]!.GetValue<string>());
        Assert.Equal("GTM", registered["nationality"]!.GetValue<string>());
        Assert.Equal(["mam", "es"], registered["languages"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Null(registered["document"]);
    }

    [Fact]
    public async Task The_offices_are_listed_with_their_figures()
    {
        var offices = await fixture.Http.GetFromJsonAsync<JsonArray>("/offices");

        Assert.Equal(["ACA", "CJS", "MEX", "TAP", "TUX"], offices!.Select(o => o!["code"]!.GetValue<string>()));
        Assert.All(offices!, o => Assert.True(o!["capacity"]!.GetValue<int>() > 0));
    }
}
