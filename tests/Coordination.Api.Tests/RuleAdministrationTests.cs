using System.Net;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Tests;

/// <summary>An administrator lists the rules in force and asks which would fire for a case, through the API; nothing changes.</summary>
[Collection(AutomationCollection.Name)]
public sealed class RuleAdministrationTests(AutomationFixture fixture)
{
    [Fact]
    public async Task The_rules_in_force_are_listed_and_a_dry_run_changes_nothing()
    {
        var rules = await (await fixture.Administrator.GetAsync("/admin/rules")).BodyAsync();
        Assert.Null(rules["problem"]);
        Assert.Equal(["minor-child-protection", "consent-exit-clearance", "consent-travel-document", "ready-to-book-travel-desk",
            "overdue-referral-escalation", "regional-nationality-review"], rules["rules"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        var childProtection = rules["rules"]!.AsArray().First()!;
        Assert.Equal("CaseRegistered", childProtection["on"]!.GetValue<string>());
        Assert.Equal("refer ChildProtection", childProtection["actions"]![0]!["description"]!.GetValue<string>());

        var caseworker = fixture.As(StaffRole.Caseworker, office: "TUX");
        var created = await (await caseworker.PostAsync("/cases", Json.RegistrationBody("TUX").Content())).BodyAsync();
        var number = created["caseNumber"]!.GetValue<string>();
        await fixture.Grains.WaitForEventLogAsync();
        var before = (await (await caseworker.GetAsync($"/cases/{number}")).BodyAsync())["version"]!.GetValue<int>();

        var response = await fixture.Administrator.GetAsync($"/admin/rules/dry-run?caseNumber={number}&event=ScreeningRecorded");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.BodyAsync())["rules"]!.AsArray();
        var review = Assert.Single(results)!;
        Assert.Equal(("regional-nationality-review", "Fired", true),
            (review["ruleId"]!.GetValue<string>(), review["outcome"]!.GetValue<string>(), review["wouldFire"]!.GetValue<bool>()));
        Assert.Equal(before, (await (await caseworker.GetAsync($"/cases/{number}")).BodyAsync())["version"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Administrator.GetAsync("/admin/rules/dry-run?caseNumber=TUX-2026-999999&event=ConsentRecorded")).StatusCode);
    }
}
