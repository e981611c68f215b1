using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Tests;

/// <summary>
/// Subject access: a migrant asks what the programme holds about them; an administrator or a
/// supervisor of the office that has the case exports the whole record: data, history, referrals
/// and who saw it. No one else can, and the export is audited.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CaseExportTests(ApiFixture fixture)
{
    private async Task<string> CaseWithAReferralAsync(string office)
    {
        var caseworker = fixture.As(StaffRole.Caseworker, office: office);
        var created = await (await caseworker.PostAsync("/cases", Json.RegistrationBody(office).Content())).BodyAsync();
        var caseNumber = created["caseNumber"]!.GetValue<string>();
        (await caseworker.PostAsync($"/cases/{caseNumber}/protection-referral", new JsonObject { ["recipient"] = "CNDH", ["consentGiven"] = true }.Content())).EnsureSuccessStatusCode();
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/cases/{caseNumber}");
        read.Headers.Add("X-Audit-Purpose", "follow-up call");
        (await caseworker.SendAsync(read)).EnsureSuccessStatusCode();
        return caseNumber;
    }

    [Fact]
    public async Task A_supervisor_exports_the_whole_record_of_a_case_of_their_office()
    {
        var caseNumber = await CaseWithAReferralAsync("TAP");
        var supervisor = fixture.As(StaffRole.Supervisor, office: "TAP");

        var export = await supervisor.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}/export");
        var audit = await fixture.As(StaffRole.Administrator).GetFromJsonAsync<JsonArray>($"/audit?recordId={caseNumber}");

        Assert.Equal(caseNumber, export!["case"]!["caseNumber"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(export["case"]!["givenNames"]!.GetValue<string>()));
        Assert.True(export["history"]!.AsArray().Count >= 2);
        var referral = Assert.Single(export["referrals"]!.AsArray());
        Assert.Equal("Protection", referral!["kind"]!.GetValue<string>());
        Assert.Contains(export["audit"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "GetCase" && e["purpose"]?.GetValue<string>() == "follow-up call");
        Assert.Equal("supervisor@TAP", export["exportedBy"]!.GetValue<string>());
        Assert.Contains(audit!, e => e!["action"]!.GetValue<string>() == "ExportCase" && e["actor"]!.GetValue<string>() == "supervisor@TAP");
    }

    public static TheoryData<StaffRole, string?, string?, HttpStatusCode> Callers() => new()
    {
        { StaffRole.Administrator, null, null, HttpStatusCode.OK },
        { StaffRole.Supervisor, "MEX", null, HttpStatusCode.NotFound },
        { StaffRole.Caseworker, "ACA", null, HttpStatusCode.Forbidden },
        { StaffRole.Caseworker, "MEX", null, HttpStatusCode.NotFound },
        { StaffRole.Operations, null, null, HttpStatusCode.Forbidden },
        { StaffRole.Automation, "*", null, HttpStatusCode.Forbidden },
        { StaffRole.Liaison, null, "CNDH", HttpStatusCode.Forbidden },
        { StaffRole.Liaison, null, "INM", HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Only_administrators_and_the_cases_supervisors_export_it(StaffRole role, string? office, string? authority, HttpStatusCode expected)
    {
        var caseNumber = await CaseWithAReferralAsync("ACA");

        var response = await fixture.As(role, office, authority).GetAsync($"/cases/{caseNumber}/export");

        Assert.Equal(expected, response.StatusCode);
    }
}
