using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Process.Tests;

/// <summary>
/// Two silos and two API nodes, each a process with ports of its own, sharing one PostgreSQL: a
/// return journey whose steps alternate between the API nodes sees one system.
/// </summary>
public sealed class SeveralNodesJourneyTests() : RunningSystemTest(silos: 2, apis: 2)
{
    [Fact]
    public async Task A_return_journey_whose_steps_alternate_between_two_api_nodes_sees_one_system()
    {
        var acayucan = new[] { Deployment.Client(0, StaffRole.Caseworker, office: "ACA"), Deployment.Client(1, StaffRole.Caseworker, office: "ACA") };
        var mexico = Deployment.Client(1, StaffRole.Caseworker, office: "MEX");
        var inm = Deployment.Client(0, StaffRole.Liaison, authority: "INM");
        var operations = Deployment.Client(1, StaffRole.Operations);

        var caseNumber = (await acayucan[0].PostOkAsync("/cases", Http.Registration("ACA", Guid.NewGuid().ToString("N")), System.Net.HttpStatusCode.Created))["caseNumber"]!.GetValue<string>();
        await acayucan[1].PostOkAsync($"/cases/{caseNumber}/counselling", new JsonObject { ["notes"] = "information session" });
        await acayucan[0].PostOkAsync($"/cases/{caseNumber}/screening", new JsonObject { ["eligible"] = true });
        await acayucan[1].PostOkAsync($"/cases/{caseNumber}/consent");
        var requested = await acayucan[0].PostOkAsync($"/cases/{caseNumber}/exit-clearance-request", new JsonObject { ["consentGiven"] = true });
        var clearance = requested["referrals"]!.AsArray().Single()!["referralId"]!.GetValue<string>();

        await operations.WaitForReadModelsAsync();
        var inbox = await inm.GetOkAsync("/authorities/INM");
        Assert.Contains(inbox["inbox"]!.AsArray(), i => i!["referralId"]!.GetValue<string>() == clearance);
        await inm.PostOkAsync($"/referrals/{clearance}/acceptance");

        var transfer = await acayucan[1].PostOkAsync($"/cases/{caseNumber}/transfer-request", new JsonObject { ["toOfficeCode"] = "MEX", ["reason"] = "flight from Mexico City" });
        var transferId = transfer["referrals"]!.AsArray().Last()!["referralId"]!.GetValue<string>();
        await mexico.PostOkAsync($"/referrals/{transferId}/acceptance");
        var booked = await mexico.PostOkAsync($"/cases/{caseNumber}/travel-booking", new JsonObject
        {
            ["departureDate"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd"), ["carrier"] = "Avianca", ["itinerary"] = "MEX-BOG AV 205", ["destination"] = "Bogota",
        });
        var departed = await Deployment.Client(0, StaffRole.Caseworker, office: "MEX").PostOkAsync($"/cases/{caseNumber}/departure");

        Assert.Equal("TravelBooked", booked["status"]!.GetValue<string>());
        Assert.Equal("Departed", departed["status"]!.GetValue<string>());
        Assert.Equal("MEX", departed["officeCode"]!.GetValue<string>());
        var histories = await Task.WhenAll(
            Deployment.Client(0, StaffRole.Caseworker, office: "MEX").GetStringAsync($"/cases/{caseNumber}/history"),
            Deployment.Client(1, StaffRole.Caseworker, office: "MEX").GetStringAsync($"/cases/{caseNumber}/history"));
        Assert.Equal(histories[0], histories[1]);
        Assert.Equal(10, JsonNode.Parse(histories[0])!.AsArray().Count);
        await operations.WaitForReadModelsAsync();
        var caseload = await operations.GetOkAsync("/offices/MEX/caseload");
        Assert.True(caseload["byStatus"]!["Departed"]!.GetValue<int>() >= 1);
    }
}
