using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Tests;

/// <summary>A case read lists the actions the reader's own role may take now, not a caseworker's.</summary>
[Collection(ApiCollection.Name)]
public sealed class AllowedActionsByRoleTests(ApiFixture fixture)
{
    [Fact]
    public async Task A_withdrawn_case_offers_reopening_to_a_supervisor_and_not_to_a_caseworker()
    {
        var caseworker = fixture.As(StaffRole.Caseworker, office: "TUX");
        var supervisor = fixture.As(StaffRole.Supervisor, office: "TUX");
        var created = await (await caseworker.PostAsync("/cases", Json.RegistrationBody("TUX").Content())).BodyAsync();
        var caseNumber = created["caseNumber"]!.GetValue<string>();
        (await caseworker.PostAsync($"/cases/{caseNumber}/withdrawal", new JsonObject { ["reason"] = "decided to stay" }.Content())).EnsureSuccessStatusCode();

        var bySupervisor = await supervisor.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}");
        var byCaseworker = await caseworker.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}");

        Assert.Contains("Reopen", Actions(bySupervisor!));
        Assert.DoesNotContain("Reopen", Actions(byCaseworker!));
    }

    private static string[] Actions(JsonObject read) => [.. read["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>())];
}
