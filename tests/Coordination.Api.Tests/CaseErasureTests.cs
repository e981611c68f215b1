using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Testing;

namespace Coordination.Api.Tests;

/// <summary>
/// Erasure on the migrant's request: an administrator erases the personal data of a case that
/// ended. The case stays for the figures (office, status, dates, nationality) with its names,
/// birth date, document and free text gone from its reads, history, referrals, search and
/// duplicate matching; nothing can change it any more; the erasure is audited.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CaseErasureTests(ApiFixture fixture)
{
    private const string RequestReason = "the migrant asked for erasure by letter of 2026-11-20";
    private HttpClient Caseworker => fixture.As(StaffRole.Caseworker, office: "ACA");
    private HttpClient Administrator => fixture.As(StaffRole.Administrator);

    /// <summary>A case of ACA with counselling notes and a CNDH referral, withdrawn by the migrant.</summary>
    private async Task<(string CaseNumber, string ReferralId, JsonObject Registration)> WithdrawnCaseAsync()
    {
        var registration = Json.RegistrationBody("ACA");
        var created = await (await Caseworker.PostAsync("/cases", registration.Content())).BodyAsync();
        var caseNumber = created["caseNumber"]!.GetValue<string>();
        (await Caseworker.PostAsync($"/cases/{caseNumber}/counselling", new JsonObject { ["notes"] = "lives with her sister in Tapachula" }.Content())).EnsureSuccessStatusCode();
        var referred = await (await Caseworker.PostAsync($"/cases/{caseNumber}/protection-referral",
            new JsonObject { ["recipient"] = "CNDH", ["consentGiven"] = true }.Content())).BodyAsync();
        await fixture.Grains.WaitForEventLogAsync(); // the referral opens from the case's request
        (await Caseworker.PostAsync($"/cases/{caseNumber}/withdrawal", new JsonObject { ["reason"] = "stays with family in Mexico" }.Content())).EnsureSuccessStatusCode();
        return (caseNumber, referred["referrals"]![0]!["referralId"]!.GetValue<string>(), registration);
    }

    private Task<HttpResponseMessage> EraseAsync(string caseNumber, HttpClient? client = null) =>
        (client ?? Administrator).PostAsync($"/cases/{caseNumber}/erasure", new JsonObject { ["reason"] = RequestReason }.Content());

    [Fact]
    public async Task An_erased_case_keeps_its_facts_and_loses_its_personal_data()
    {
        var (caseNumber, referralId, registration) = await WithdrawnCaseAsync();

        var erased = await EraseAsync(caseNumber);
        var erasure = await erased.BodyAsync();
        await fixture.Grains.WaitForEventLogAsync();

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(caseNumber, erasure["caseNumber"]!.GetValue<string>());
        Assert.Equal(RequestReason, erasure["reason"]!.GetValue<string>());
        var read = await Caseworker.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}");
        Assert.True(read!["personalDataErased"]!.GetValue<bool>());
        Assert.Equal("[erased]", read["givenNames"]!.GetValue<string>());
        Assert.Equal("[erased]", read["familyNames"]!.GetValue<string>());
        Assert.Null(read["document"]);
        Assert.Empty(read["allowedActions"]!.AsArray());
        Assert.Equal("Withdrawn", read["status"]!.GetValue<string>());
        Assert.Equal("ACA", read["officeCode"]!.GetValue<string>());
        Assert.Equal(registration["nationality"]!.GetValue<string>(), read["nationality"]!.GetValue<string>());

        var history = await Caseworker.GetFromJsonAsync<JsonArray>($"/cases/{caseNumber}/history");
        Assert.Equal("[erased]", history!.Single(h => h!["event"]!.GetValue<string>() == "CounsellingRecorded")!["reason"]!.GetValue<string>());
        Assert.Equal("[erased]", history!.Single(h => h!["event"]!.GetValue<string>() == "CaseWithdrawn")!["reason"]!.GetValue<string>());
        var last = history![^1]!;
        Assert.Equal("PersonalDataErased", last["event"]!.GetValue<string>());
        Assert.Equal($"personal data erased: {RequestReason}", last["reason"]!.GetValue<string>());

        var referral = await Caseworker.GetFromJsonAsync<JsonObject>($"/referrals/{referralId}");
        Assert.Equal("[erased]", referral!["subject"]!["givenNames"]!.GetValue<string>());

        var found = await Caseworker.GetFromJsonAsync<JsonObject>($"/cases?office=ACA&q={Uri.EscapeDataString(registration["givenNames"]!.GetValue<string>())}");
        Assert.DoesNotContain(found!["items"]!.AsArray(), c => c!["caseNumber"]!.GetValue<string>() == caseNumber);
    }

    [Fact]
    public async Task An_erased_case_cannot_be_changed_or_reopened()
    {
        var (caseNumber, _, _) = await WithdrawnCaseAsync();
        await EraseAsync(caseNumber);

        var reopened = await fixture.As(StaffRole.Supervisor, office: "ACA").PostAsync($"/cases/{caseNumber}/reopening", new JsonObject { ["reason"] = "came back" }.Content());

        Assert.Equal(HttpStatusCode.Conflict, reopened.StatusCode);
        Assert.Contains("erased", (await reopened.BodyAsync())["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Erasing_again_answers_the_first_erasure()
    {
        var (caseNumber, _, _) = await WithdrawnCaseAsync();

        var first = await (await EraseAsync(caseNumber)).BodyAsync();
        var again = await EraseAsync(caseNumber);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first["erasedAt"]!.GetValue<DateTimeOffset>(), (await again.BodyAsync())["erasedAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task A_case_still_being_worked_is_not_erased()
    {
        var created = await (await Caseworker.PostAsync("/cases", Json.RegistrationBody("ACA").Content())).BodyAsync();
        var caseNumber = created["caseNumber"]!.GetValue<string>();

        var refused = await EraseAsync(caseNumber);
        var problem = await refused.BodyAsync();

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("withdraw or close it first", problem["reason"]!.GetValue<string>());
        Assert.NotEqual("[erased]", (await Caseworker.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}"))!["givenNames"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_erasure_needs_a_reason()
    {
        var (caseNumber, _, _) = await WithdrawnCaseAsync();

        var response = await Administrator.PostAsync($"/cases/{caseNumber}/erasure", new JsonObject().Content());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["reason"], await response.ErrorFieldsAsync());
    }

    [Theory]
    [InlineData(StaffRole.Supervisor, "ACA")]
    [InlineData(StaffRole.Caseworker, "ACA")]
    [InlineData(StaffRole.Automation, "*")]
    [InlineData(StaffRole.Operations, null)]
    public async Task Only_administrators_erase(StaffRole role, string? office)
    {
        var (caseNumber, _, _) = await WithdrawnCaseAsync();

        var response = await EraseAsync(caseNumber, fixture.As(role, office));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False((await Caseworker.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}"))!["personalDataErased"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_same_person_registered_again_is_not_matched_to_the_erased_case()
    {
        var (caseNumber, _, registration) = await WithdrawnCaseAsync();
        await EraseAsync(caseNumber);

        var again = await (await Caseworker.PostAsync("/cases", registration.Content())).BodyAsync();

        Assert.DoesNotContain(caseNumber, again["possibleDuplicates"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Fact]
    public async Task The_erasure_is_in_the_audit_log()
    {
        var (caseNumber, _, _) = await WithdrawnCaseAsync();

        await EraseAsync(caseNumber);
        var audit = await Administrator.GetFromJsonAsync<JsonArray>($"/audit?recordId={caseNumber}");

        Assert.Contains(audit!, e => e!["action"]!.GetValue<string>() == "EraseCase (attempt)");
        Assert.Contains(audit!, e => e!["action"]!.GetValue<string>() == "EraseCase" && e["statusCode"]!.GetValue<int>() == 200
            && e["actor"]!.GetValue<string>() == "administrator@coordination");
    }
}
