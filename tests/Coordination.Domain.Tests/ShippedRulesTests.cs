using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Interfaces.Rules;
using Coordination.Grains.Rules;

namespace Coordination.Domain.Tests;

/// <summary>The rule file the silo ships declares the default workflows, and nothing rules can name is missing from the API's list.</summary>
public sealed class ShippedRulesTests
{
    [Fact]
    public void The_shipped_file_declares_the_six_default_workflows()
    {
        var rules = RuleFiles.Parse(RuleFiles.Shipped()).ToDictionary(r => r.Id);

        Assert.Equal(["minor-child-protection", "consent-exit-clearance", "consent-travel-document", "ready-to-book-travel-desk",
            "overdue-referral-escalation", "regional-nationality-review"], rules.Keys);
        Assert.True(rules.Values.All(r => r.Enabled && r.OffAt.Count == 0));
        Assert.Equal(new RuleAction(RuleActionKind.Refer, ReferralKind.ChildProtection), Assert.Single(rules["minor-child-protection"].Actions));
        Assert.Equal([VulnerabilityFlag.UnaccompaniedMinor], rules["minor-child-protection"].When.AnyVulnerability!);
        Assert.False(rules["consent-travel-document"].When.TravelDocumentReady);
        Assert.True(rules["ready-to-book-travel-desk"].OncePerCase);
        Assert.Equal([RuleActionKind.Escalate, RuleActionKind.Notify], rules["overdue-referral-escalation"].Actions.Select(a => a.Kind));
        Assert.Equal(["GTM", "HND", "SLV", "NIC", "BLZ"], rules["regional-nationality-review"].When.Nationalities!);
    }

    [Fact]
    public void Every_event_rules_can_be_triggered_by_is_in_the_list_the_api_checks_against()
    {
        Assert.Equal(RuleFileParser.Events.Order(StringComparer.Ordinal), RuleEvents.All.Order(StringComparer.Ordinal));
    }
}
