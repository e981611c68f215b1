using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Process.Tests;

/// <summary>
/// A silo that serves the HTTP API itself (<c>Api__Urls</c>, a co-hosted node) beside a second silo
/// and an API process of its own: both kinds of API node serve the same contract and one system.
/// </summary>
public sealed class CoHostedApiJourneyTests() : RunningSystemTest(silos: 2, apis: 1, cohosted: 1)
{
    private const int CoHosted = 0;
    private const int ApiProcess = 1;

    [Fact]
    public async Task A_silo_serving_the_api_and_an_api_process_publish_the_same_contract()
    {
        var documents = await Task.WhenAll(
            Deployment.Client(CoHosted, StaffRole.Operations).GetStringAsync("/openapi/v1.json"),
            Deployment.Client(ApiProcess, StaffRole.Operations).GetStringAsync("/openapi/v1.json"));

        Assert.Equal(JsonNode.Parse(documents[1])!["paths"]!.ToJsonString(), JsonNode.Parse(documents[0])!["paths"]!.ToJsonString());
    }

    [Fact]
    public async Task A_case_registered_through_the_co_hosted_silo_is_worked_through_the_api_process_and_back()
    {
        var atSilo = Deployment.Client(CoHosted, StaffRole.Caseworker, office: "TAP");
        var atApi = Deployment.Client(ApiProcess, StaffRole.Caseworker, office: "TAP");
        var operations = Deployment.Client(CoHosted, StaffRole.Operations);

        var caseNumber = (await atSilo.PostOkAsync("/cases", Http.Registration("TAP", Guid.NewGuid().ToString("N")), System.Net.HttpStatusCode.Created))["caseNumber"]!.GetValue<string>();
        await atApi.PostOkAsync($"/cases/{caseNumber}/counselling", new JsonObject { ["notes"] = "information session" });
        await atSilo.PostOkAsync($"/cases/{caseNumber}/screening", new JsonObject { ["eligible"] = true });
        var consented = await atApi.PostOkAsync($"/cases/{caseNumber}/consent");

        Assert.Equal("Consented", consented["status"]!.GetValue<string>());
        var histories = await Task.WhenAll(atSilo.GetStringAsync($"/cases/{caseNumber}/history"), atApi.GetStringAsync($"/cases/{caseNumber}/history"));
        Assert.Equal(histories[0], histories[1]);
        Assert.Equal(4, JsonNode.Parse(histories[0])!.AsArray().Count);

        // The co-hosted node's audit trail and read models are the system's: its lists see the case.
        await operations.WaitForReadModelsAsync();
        var listed = await atSilo.GetOkAsync($"/cases?office=TAP&status=Consented");
        Assert.Contains(listed["items"]!.AsArray(), c => c!["caseNumber"]!.GetValue<string>() == caseNumber);
        var audit = JsonNode.Parse(await Deployment.Client(CoHosted, StaffRole.Supervisor, office: "TAP").GetStringAsync($"/audit?recordId={caseNumber}"))!.AsArray();
        Assert.Contains(audit, e => e!["statusCode"]!.GetValue<int>() == 201); // registered through the co-hosted silo
        var answered = audit.Where(e => e!["statusCode"]!.GetValue<int>() == 200).Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Equal(2, answered.Count(a => a == "GetCaseHistory")); // one read through each node
        Assert.Contains("RecordConsent", answered);
    }
}
