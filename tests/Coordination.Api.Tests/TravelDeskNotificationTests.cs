using System.Net;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Tests;

/// <summary>
/// Rules and webhooks together: when INM accepts the clearance of a case whose travel document is
/// ready, the shipped rule notifies the office's travel desk, which receives it as a signed
/// <c>notification.travel-desk</c> webhook, once.
/// </summary>
[Collection(AutomationCollection.Name)]
public sealed class TravelDeskNotificationTests(AutomationFixture fixture)
{
    [Fact]
    public async Task The_travel_desk_of_the_office_is_told_once_when_a_case_can_book_travel()
    {
        await fixture.SubscribeAsync("travel-desk-aca", ["notification.travel-desk"], offices: ["ACA"]);
        await fixture.SubscribeAsync("travel-desk-mex", ["notification.travel-desk"], offices: ["MEX"]);
        var caseworker = fixture.As(StaffRole.Caseworker, office: "ACA");
        var number = (await (await caseworker.PostAsync("/cases", Json.RegistrationBody("ACA").Content())).BodyAsync())["caseNumber"]!.GetValue<string>();
        await caseworker.PostAsync($"/cases/{number}/counselling", new JsonObject().Content());
        await caseworker.PostAsync($"/cases/{number}/screening", new JsonObject { ["eligible"] = true }.Content());
        await caseworker.PostAsync($"/cases/{number}/consent", null);
        await fixture.Grains.WaitForEventLogAsync();
        var clearance = (await (await caseworker.GetAsync($"/cases/{number}")).BodyAsync())["referrals"]!.AsArray().Single()!["referralId"]!.GetValue<string>();

        var accepted = await fixture.As(StaffRole.Liaison, authority: "INM").PostAsync($"/referrals/{clearance}/acceptance", null);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await fixture.Receiver.WaitUntilAsync(r => r.Of("travel-desk-aca").OfCase(number).Count == 1, $"the travel desk of ACA to hear of {number}");

        var told = fixture.Receiver.Of("travel-desk-aca").OfCase(number).Single();
        Assert.Equal("notification.travel-desk", told.Type);
        Assert.True(told.SignatureValid);
        Assert.Equal("rule:ready-to-book-travel-desk", told.Payload["data"]!["event"]!["by"]!.GetValue<string>());
        Assert.Empty(fixture.Receiver.Of("travel-desk-mex").OfCase(number));
        var history = JsonNode.Parse(await caseworker.GetStringAsync($"/cases/{number}/history"))!.AsArray();
        Assert.Single(history, e => e!["event"]!.GetValue<string>() == "SubscriberNotified");
    }
}
