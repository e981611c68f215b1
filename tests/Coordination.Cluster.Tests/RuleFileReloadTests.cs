using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Interfaces.Rules;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>
/// The silo reads the rule file again when it changes: a file with a mistake is refused with its
/// line while the rules before it keep firing, and a good file takes effect without a restart.
/// </summary>
[Collection(RulesCollection.Name)]
public sealed class RuleFileReloadTests(RulesFixture fixture)
{
    [Fact]
    public async Task A_malformed_rule_file_is_refused_with_its_line_and_the_rules_in_force_keep_firing_until_a_good_one_replaces_it()
    {
        var book = fixture.Grains.GetGrain<IRuleBookGrain>(0);
        var driver = new CaseDriver(fixture.Grains);
        var shipped = RulesFixture.Shipped();
        try
        {
            // Line 3 names an event that does not exist.
            await File.WriteAllTextAsync(fixture.RuleFile, "rules:\n  - id: minor-child-protection\n    on: MinorRegistered\n    do: [ { refer: ChildProtection } ]\n");
            var refused = await book.GetAsync();
            Assert.Equal(3, refused.Problem?.Line);
            Assert.Contains("'MinorRegistered' is not an event", refused.Problem!.Message, StringComparison.Ordinal);
            Assert.Equal(6, refused.Rules.Count);

            var registered = await driver.RegisterAsync(Registrations.UnaccompaniedMinor(), "TUX");
            await fixture.Grains.WaitForEventLogAsync();
            Assert.Equal(ReferralKind.ChildProtection, Assert.Single((await driver.Case(registered).GetAsync())!.Referrals).Kind);

            // A good file switching the rule off at TUX takes effect at once.
            await File.WriteAllTextAsync(fixture.RuleFile, shipped.Replace("      - refer: ChildProtection\n", "      - refer: ChildProtection\n    offAt: [TUX]\n", StringComparison.Ordinal));
            var replaced = await book.GetAsync();
            Assert.Null(replaced.Problem);
            Assert.Equal(["TUX"], replaced.Rules.Single(r => r.Id == "minor-child-protection").OffAt);

            var afterwards = await driver.RegisterAsync(Registrations.UnaccompaniedMinor(), "TUX");
            var elsewhere = await driver.RegisterAsync(Registrations.UnaccompaniedMinor(), "MEX");
            await fixture.Grains.WaitForEventLogAsync();
            Assert.Empty((await driver.Case(afterwards).GetAsync())!.Referrals);
            Assert.Single((await driver.Case(elsewhere).GetAsync())!.Referrals);
        }
        finally
        {
            await File.WriteAllTextAsync(fixture.RuleFile, shipped);
            Assert.Null((await book.GetAsync()).Problem);
        }
    }
}
