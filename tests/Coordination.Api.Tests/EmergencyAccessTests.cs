using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Testing;

namespace Coordination.Api.Tests;

/// <summary>
/// Break-glass access: a supervisor of Tapachula opens a case of Acayucan in an emergency, with a
/// reason. While the access lasts they read the case and its history but cannot change it; nobody
/// else gains anything; Acayucan sees who did it and why, on the case and in its supervisors' list;
/// both the opening and the reads are in the audit log.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EmergencyAccessTests(ApiFixture fixture)
{
    private const string Reason = "migrant collapsed at the Tapachula shelter; need medical history";

    private async Task<string> AcayucanCaseAsync()
    {
        var created = await (await fixture.As(StaffRole.Caseworker, office: "ACA").PostAsync("/cases", Json.RegistrationBody("ACA").Content())).BodyAsync();
        return created["caseNumber"]!.GetValue<string>();
    }

    private HttpClient SupervisorOfTapachula(string name) => fixture.Api.ClientAs(StaffRole.Supervisor, office: "TAP", name: name);

    [Fact]
    public async Task A_supervisor_of_another_office_reads_the_case_for_an_hour_and_its_office_sees_who_and_why()
    {
        var caseNumber = await AcayucanCaseAsync();
        var name = $"supervisor-{Guid.NewGuid():N}@TAP";
        var supervisor = SupervisorOfTapachula(name);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync($"/cases/{caseNumber}")).StatusCode);

        var opened = await supervisor.PostAsync($"/cases/{caseNumber}/emergency-access", new JsonObject { ["reason"] = Reason }.Content());
        var grant = await opened.BodyAsync();

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal(name, grant["grantedTo"]!.GetValue<string>());
        Assert.Equal("TAP", grant["office"]!.GetValue<string>());
        Assert.True(grant["active"]!.GetValue<bool>());
        var lasts = grant["expiresAt"]!.GetValue<DateTimeOffset>() - grant["grantedAt"]!.GetValue<DateTimeOffset>();
        Assert.Equal(TimeSpan.FromHours(1), lasts);

        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/cases/{caseNumber}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/cases/{caseNumber}/history")).StatusCode);
        var change = await supervisor.PostAsync($"/cases/{caseNumber}/hold", new JsonObject { ["reason"] = "hospital" }.Content());
        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);

        // Acayucan sees it on the case and its history.
        var own = await fixture.As(StaffRole.Caseworker, office: "ACA").GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}");
        var shown = Assert.Single(own!["emergencyAccess"]!.AsArray());
        Assert.Equal(name, shown!["grantedTo"]!.GetValue<string>());
        Assert.Equal(Reason, shown["reason"]!.GetValue<string>());
        var history = await fixture.As(StaffRole.Caseworker, office: "ACA").GetFromJsonAsync<JsonArray>($"/cases/{caseNumber}/history");
        Assert.Contains(history!, h => h!["event"]!.GetValue<string>() == "EmergencyAccessGranted" && h["reason"]!.GetValue<string>().Contains(Reason));

        // ... and in its supervisors' list.
        await fixture.Grains.WaitForEventLogAsync();
        var listed = await fixture.As(StaffRole.Supervisor, office: "ACA").GetFromJsonAsync<JsonArray>("/offices/ACA/emergency-access?active=true");
        Assert.Contains(listed!, g => g!["caseNumber"]!.GetValue<string>() == caseNumber && g["grantedTo"]!.GetValue<string>() == name && g["reason"]!.GetValue<string>() == Reason);

        // Both the opening and the read are audited.
        var audit = await fixture.As(StaffRole.Administrator).GetFromJsonAsync<JsonArray>($"/audit?recordId={caseNumber}");
        Assert.Contains(audit!, e => e!["action"]!.GetValue<string>() == "BreakGlass" && e["actor"]!.GetValue<string>() == name && e["statusCode"]!.GetValue<int>() == 200);
        Assert.Contains(audit!, e => e!["action"]!.GetValue<string>() == "GetCase" && e["actor"]!.GetValue<string>() == name && e["statusCode"]!.GetValue<int>() == 200);
    }

    [Fact]
    public async Task The_access_is_the_supervisors_own_not_their_offices()
    {
        var caseNumber = await AcayucanCaseAsync();
        await SupervisorOfTapachula($"first-{Guid.NewGuid():N}@TAP").PostAsync($"/cases/{caseNumber}/emergency-access", new JsonObject { ["reason"] = Reason }.Content());

        Assert.Equal(HttpStatusCode.NotFound, (await SupervisorOfTapachula($"second-{Guid.NewGuid():N}@TAP").GetAsync($"/cases/{caseNumber}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.As(StaffRole.Caseworker, office: "TAP").GetAsync($"/cases/{caseNumber}")).StatusCode);
    }

    public static TheoryData<StaffRole, string?, string?, HttpStatusCode> Openers() => new()
    {
        { StaffRole.Caseworker, "TAP", null, HttpStatusCode.Forbidden },
        { StaffRole.Automation, "TAP", null, HttpStatusCode.Forbidden },
        { StaffRole.Liaison, null, "INM", HttpStatusCode.Forbidden },
        { StaffRole.Operations, null, null, HttpStatusCode.Forbidden },
        { StaffRole.Administrator, null, null, HttpStatusCode.Forbidden },
        { StaffRole.Supervisor, "ACA", null, HttpStatusCode.Conflict },
    };

    [Theory]
    [MemberData(nameof(Openers))]
    public async Task Only_a_supervisor_of_another_office_breaks_the_glass(StaffRole role, string? office, string? authority, HttpStatusCode expected)
    {
        var caseNumber = await AcayucanCaseAsync();

        var response = await fixture.As(role, office, authority).PostAsync($"/cases/{caseNumber}/emergency-access", new JsonObject { ["reason"] = Reason }.Content());

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Breaking_the_glass_needs_a_reason_and_a_case()
    {
        var caseNumber = await AcayucanCaseAsync();
        var supervisor = SupervisorOfTapachula($"s-{Guid.NewGuid():N}@TAP");

        var withoutReason = await supervisor.PostAsync($"/cases/{caseNumber}/emergency-access", new JsonObject { ["reason"] = "  " }.Content());
        var unknown = await supervisor.PostAsync("/cases/ACA-2020-999999/emergency-access", new JsonObject { ["reason"] = Reason }.Content());

        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Equal(["reason"], await withoutReason.ErrorFieldsAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync($"/cases/{caseNumber}")).StatusCode);
    }

    [Theory]
    [InlineData(StaffRole.Supervisor, "TAP", HttpStatusCode.Forbidden)]
    [InlineData(StaffRole.Caseworker, "ACA", HttpStatusCode.Forbidden)]
    [InlineData(StaffRole.Operations, null, HttpStatusCode.Forbidden)]
    [InlineData(StaffRole.Supervisor, "ACA", HttpStatusCode.OK)]
    [InlineData(StaffRole.Administrator, null, HttpStatusCode.OK)]
    public async Task The_list_of_an_offices_break_glass_accesses_is_for_its_supervisors(StaffRole role, string? office, HttpStatusCode expected)
    {
        var response = await fixture.As(role, office).GetAsync("/offices/ACA/emergency-access");

        Assert.Equal(expected, response.StatusCode);
    }
}
