using Coordination.Grains.Interfaces.Rules;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>An administrator's dry run: which rules an event would fire for a case, and why the others would not; nothing changes.</summary>
[Collection(RulesCollection.Name)]
public sealed class RuleDryRunTests(RulesFixture fixture)
{
    [Fact]
    public async Task A_dry_run_says_which_rules_would_fire_and_why_the_others_would_not_and_changes_nothing()
    {
        var driver = new CaseDriver(fixture.Grains);
        var registered = await driver.RegisterAsync(Registrations.AccompaniedMinorWithoutDocuments(), "ACA");
        await driver.Case(registered).RecordCounsellingAsync(Staff.Caseworker("ACA"), null);
        await driver.Case(registered).RecordScreeningAsync(Staff.Caseworker("ACA"), true, null);
        await fixture.Grains.WaitForEventLogAsync();
        // Honduras is on the shipped file's regional list: the screening was flagged for review.
        Assert.Contains(await driver.Case(registered).GetHistoryAsync(), e => e.Event == "CaseFlaggedForReview" && e.Actor == "rule:regional-nationality-review");
        var before = (await driver.Case(registered).GetAsync())!.Version;

        var results = await fixture.Grains.GetGrain<IRuleBookGrain>(0).DryRunAsync(registered.CaseNumber.ToString(), new RuleTrigger("ConsentRecorded", Guid.NewGuid()));

        // The case is Screened, not Consented: the exit clearance rule's action would be refused by the case.
        Assert.Equal([("consent-exit-clearance", RuleOutcome.Refused), ("consent-travel-document", RuleOutcome.Fired)],
            results!.Select(r => (r.RuleId, r.Outcome)));
        Assert.Equal(before, (await driver.Case(registered).GetAsync())!.Version);
        Assert.Null(await fixture.Grains.GetGrain<IRuleBookGrain>(0).DryRunAsync("ACA-2026-999999", new RuleTrigger("ConsentRecorded", Guid.NewGuid())));
    }
}
