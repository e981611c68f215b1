using System.Net;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Tests;

/// <summary>
/// Apps that ask by hand keep working while rules run: a caseworker's request for the exit
/// clearance the consent rule already opened is answered 200 with that open referral, and no second
/// one is opened; the case history shows the rule that opened it.
/// </summary>
[Collection(AutomationCollection.Name)]
public sealed class RuleOpenedReferralRequestTests(AutomationFixture fixture)
{
    [Fact]
    public async Task Asking_for_the_exit_clearance_a_rule_opened_answers_200_with_it()
    {
        var caseworker = fixture.As(StaffRole.Caseworker, office: "ACA");
        var created = await (await caseworker.PostAsync("/cases", Json.RegistrationBody("ACA").Content())).BodyAsync();
        var number = created["caseNumber"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await caseworker.PostAsync($"/cases/{number}/counselling", new JsonObject().Content())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await caseworker.PostAsync($"/cases/{number}/screening", new JsonObject { ["eligible"] = true }.Content())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await caseworker.PostAsync($"/cases/{number}/consent", null)).StatusCode);
        await fixture.Grains.WaitForEventLogAsync();

        var response = await caseworker.PostAsync($"/cases/{number}/exit-clearance-request", new JsonObject { ["consentGiven"] = true }.Content());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answered = await response.BodyAsync();
        var referral = Assert.Single(answered["referrals"]!.AsArray())!;
        Assert.Equal(("ExitClearance", "INM", "consent-exit-clearance"),
            (referral["kind"]!.GetValue<string>(), referral["to"]!.GetValue<string>(), referral["openedByRule"]!.GetValue<string>()));
        Assert.Equal("ClearanceRequested", answered["status"]!.GetValue<string>());
        var history = JsonNode.Parse(await caseworker.GetStringAsync($"/cases/{number}/history"))!.AsArray();
        Assert.Single(history, e => e!["event"]!.GetValue<string>() == "ReferralRequested");
        Assert.Contains(history, e => e!["event"]!.GetValue<string>() == "ReferralRequested" && e["actor"]!.GetValue<string>() == "rule:consent-exit-clearance");
        // Honduras is on the shipped regional list: the screening was flagged for review by its rule.
        Assert.Contains(history, e => e!["event"]!.GetValue<string>() == "CaseFlaggedForReview" && e["actor"]!.GetValue<string>() == "rule:regional-nationality-review");
    }
}
