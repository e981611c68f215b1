using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Tests;

/// <summary>Every write and every read of personal data is in the audit log: who, when, which record, what, why.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuditTests(ApiFixture fixture)
{
    [Fact]
    public async Task Registering_reading_and_changing_a_case_are_audited_with_the_purpose_given()
    {
        var caseworker = fixture.As(StaffRole.Caseworker, office: "ACA");
        var created = await caseworker.PostAsync("/cases", Json.RegistrationBody("ACA").Content());
        var caseNumber = (await created.BodyAsync())["caseNumber"]!.GetValue<string>();
        using (var read = new HttpRequestMessage(HttpMethod.Get, $"/cases/{caseNumber}"))
        {
            read.Headers.Add("X-Audit-Purpose", "preparing the counselling session");
            await caseworker.SendAsync(read);
        }
        await caseworker.PostAsync($"/cases/{caseNumber}/counselling", null);
        await fixture.As(StaffRole.Caseworker, office: "TAP").GetAsync($"/cases/{caseNumber}");

        var entries = await fixture.As(StaffRole.Administrator).GetFromJsonAsync<JsonArray>($"/audit?recordId={caseNumber}");

        var actions = entries!.Select(e => (Actor: e!["actor"]!.GetValue<string>(), Action: e["action"]!.GetValue<string>(), Status: e["statusCode"]!.GetValue<int>(), Purpose: e["purpose"]?.GetValue<string>())).ToList();
        Assert.Contains(("caseworker@ACA", "RegisterCase", 201, (string?)null), actions);
        Assert.Contains(("caseworker@ACA", "GetCase", 200, "preparing the counselling session"), actions);
        Assert.Contains(("caseworker@ACA", "RecordCounselling", 200, (string?)null), actions);
        Assert.Contains(("caseworker@TAP", "GetCase", 404, (string?)null), actions);
    }

    [Fact]
    public async Task A_supervisor_reads_the_audit_of_a_case_of_their_office_and_a_caseworker_cannot()
    {
        var created = await fixture.As(StaffRole.Caseworker, office: "CJS").PostAsync("/cases", Json.RegistrationBody("CJS").Content());
        var caseNumber = (await created.BodyAsync())["caseNumber"]!.GetValue<string>();

        var bySupervisor = await fixture.As(StaffRole.Supervisor, office: "CJS").GetAsync($"/audit?recordId={caseNumber}");
        var byOtherSupervisor = await fixture.As(StaffRole.Supervisor, office: "MEX").GetAsync($"/audit?recordId={caseNumber}");
        var byCaseworker = await fixture.As(StaffRole.Caseworker, office: "CJS").GetAsync($"/audit?recordId={caseNumber}");
        var withoutRecord = await fixture.As(StaffRole.Supervisor, office: "CJS").GetAsync("/audit");

        Assert.Equal(HttpStatusCode.OK, bySupervisor.StatusCode);
        Assert.Single((await bySupervisor.Content.ReadFromJsonAsync<JsonArray>())!);
        Assert.Equal(HttpStatusCode.NotFound, byOtherSupervisor.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byCaseworker.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutRecord.StatusCode);
    }

    [Fact]
    public async Task A_replayed_answer_is_audited_too()
    {
        var caseworker = fixture.As(StaffRole.Caseworker, office: "TUX");
        var body = Json.RegistrationBody("TUX").ToJsonString();
        var key = Guid.NewGuid().ToString();
        string? caseNumber = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/cases") { Content = Json.Raw(body) };
            request.Headers.Add("Idempotency-Key", key);
            request.Headers.Add("X-Audit-Purpose", "intake interview");
            caseNumber = (await (await caseworker.SendAsync(request)).BodyAsync())["caseNumber"]!.GetValue<string>();
        }

        var entries = await fixture.As(StaffRole.Administrator).GetFromJsonAsync<JsonArray>($"/audit?recordId={caseNumber}");

        var actions = entries!.Select(e => (Action: e!["action"]!.GetValue<string>(), Status: e["statusCode"]!.GetValue<int>(), Purpose: e["purpose"]?.GetValue<string>())).ToList();
        Assert.Contains(("RegisterCase", 201, "intake interview"), actions);
        Assert.Contains(("RegisterCase (replayed)", 201, "intake interview"), actions);
    }
}
