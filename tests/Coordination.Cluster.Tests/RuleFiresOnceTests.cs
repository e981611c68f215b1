using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Interfaces.Rules;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>
/// A rule fires once per event: when the rules reaction reads the event again (its checkpoint was
/// not recorded), when its command is sent twice at once or again long after, and the person who
/// asks by hand for what the rule did is answered with it.
/// </summary>
[Collection(RulesCollection.Name)]
public sealed class RuleFiresOnceTests(RulesFixture fixture)
{
    private IClusterClient Grains => fixture.Grains;

    private Task<long> CountAsync(string caseNumber, string eventType) => fixture.Database.ScalarAsync<long>(
        "SELECT count(*) FROM events WHERE stream_id = @id AND event_type = @type", ("id", caseNumber), ("type", eventType));

    [Fact]
    public async Task An_unaccompanied_minor_gets_one_child_protection_referral_to_dif_although_the_rules_read_the_registrations_again()
    {
        var driver = new CaseDriver(Grains);
        var faults = new FaultInjection(fixture.Database);
        var cases = new List<CaseSnapshot>();
        await using (var fault = await faults.FailCheckpointsAsync(RuleReactionName, times: 3))
        {
            for (var i = 0; i < 4; i++)
            {
                cases.Add(await driver.RegisterAsync(Registrations.UnaccompaniedMinor(), "TAP"));
            }
            await Grains.WaitForEventLogAsync();
            Assert.True(await faults.SeenAsync(fault) >= 4, "the rules reaction handled the registrations three times without recording it");
        }

        foreach (var registered in cases)
        {
            var number = registered.CaseNumber.ToString();
            Assert.Equal(1, await CountAsync(number, "ReferralRequested"));
            var referral = Assert.Single((await driver.Case(registered).GetAsync())!.Referrals);
            Assert.Equal((ReferralKind.ChildProtection, "DIF", "minor-child-protection"), (referral.Kind, referral.To, referral.OpenedByRule));
            Assert.Equal(ReferralStatus.Sent, (await driver.Referral(referral.ReferralId).GetAsync())!.Status);
        }
    }

    [Fact]
    public async Task A_rules_command_sent_twice_at_once_and_again_after_the_case_forgot_its_recent_operations_acts_once()
    {
        var driver = new CaseDriver(Grains);
        var registered = await driver.RegisterAsync(Registrations.Valid(), "MEX");
        await Grains.WaitForEventLogAsync();
        var @case = driver.Case(registered);
        var rule = new RuleDefinition("test-notify-twice", "Notify the desk", "CaseRegistered", RuleCondition.Always,
            [new RuleAction(RuleActionKind.Notify, Subscriber: "desk")], true, [], false, 1);
        var trigger = new RuleTrigger("CaseRegistered", Guid.NewGuid());

        var together = await Task.WhenAll(@case.ApplyRuleAsync(rule, trigger, dryRun: false), @case.ApplyRuleAsync(rule, trigger, dryRun: false));
        // 66 commands later the case's window of recent operation ids (64) no longer holds the rule's command id.
        for (var i = 0; i < 33; i++)
        {
            await @case.PutOnHoldAsync(Staff.Caseworker("MEX"), "waiting for a document");
            await @case.ResumeAsync(Staff.Caseworker("MEX"));
        }
        var later = await @case.ApplyRuleAsync(rule, trigger, dryRun: false);

        Assert.Equal([RuleOutcome.Fired, RuleOutcome.AlreadyDone], together.Select(r => r.Outcome).Order());
        Assert.Equal(RuleOutcome.AlreadyDone, later.Outcome);
        Assert.Equal(1, await CountAsync(registered.CaseNumber.ToString(), "SubscriberNotified"));
    }

    [Fact]
    public async Task A_caseworker_asking_for_the_child_protection_referral_the_rule_opened_is_answered_with_it()
    {
        var driver = new CaseDriver(Grains);
        var registered = await driver.RegisterAsync(Registrations.UnaccompaniedMinor(), "ACA");
        await Grains.WaitForEventLogAsync();

        var answer = await driver.Case(registered).ReferForChildProtectionAsync(Staff.Caseworker("ACA"), ReferralConsent.Granted);

        var referral = Assert.Single(answer.Referrals);
        Assert.Equal("minor-child-protection", referral.OpenedByRule);
        Assert.Equal(1, await CountAsync(registered.CaseNumber.ToString(), "ReferralRequested"));
    }

    [Fact]
    public async Task A_caseworkers_request_released_together_with_the_rule_for_the_same_referral_opens_one_and_neither_is_refused()
    {
        var driver = new CaseDriver(Grains);
        var registered = await driver.RegisterAsync(Registrations.Valid(), "TUX");
        await driver.Case(registered).RecordCounsellingAsync(Staff.Caseworker("TUX"), null);
        await driver.Case(registered).RecordScreeningAsync(Staff.Caseworker("TUX"), true, null);
        await Grains.WaitForEventLogAsync();
        var @case = driver.Case(registered);
        var rule = (await Grains.GetGrain<IRuleBookGrain>(0).GetAsync()).Rules.Single(r => r.Id == "consent-exit-clearance");
        // The rules reaction fires on this consent as well: three requests for the same referral meet in the case.
        await @case.RecordConsentAsync(Staff.Caseworker("TUX"));
        var consent = (await @case.GetHistoryAsync()).Single(h => h.Event == "ConsentRecorded");

        var person = @case.RequestExitClearanceAsync(Staff.Caseworker("TUX"), ReferralConsent.Granted);
        var byRule = @case.ApplyRuleAsync(rule, new RuleTrigger("ConsentRecorded", Guid.NewGuid()), dryRun: false);
        var (answered, fired) = (await person, await byRule);

        Assert.Equal(ReferralKind.ExitClearance, Assert.Single(answered.Referrals).Kind);
        Assert.Contains(fired.Outcome, new[] { RuleOutcome.Fired, RuleOutcome.AlreadyDone });
        await Grains.WaitForEventLogAsync();
        Assert.Equal(1, await CountAsync(registered.CaseNumber.ToString(), "ReferralRequested"));
        Assert.Equal(consent.Version + 1, (await @case.GetHistoryAsync()).Single(h => h.Event == "ReferralRequested").Version);
    }

    [Fact]
    public async Task What_a_rule_did_is_in_the_case_history_under_the_rule_and_in_the_audit_log_under_its_name()
    {
        var driver = new CaseDriver(Grains);
        var registered = await driver.RegisterAsync(Registrations.UnaccompaniedMinor(), "CJS");
        await Grains.WaitForEventLogAsync();
        var number = registered.CaseNumber.ToString();

        var entry = (await driver.Case(registered).GetHistoryAsync()).Single(e => e.Event == "ReferralRequested");
        Assert.Equal("rule:minor-child-protection", entry.Actor);
        Assert.Contains("opened by rule minor-child-protection", entry.Reason, StringComparison.Ordinal);
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE record_id = @id AND actor = 'rule:minor-child-protection' AND status_code = 0 AND action LIKE 'Unaccompanied minor registered%(attempt)'",
            ("id", number)));
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE record_id = @id AND actor = 'rule:minor-child-protection' AND status_code = 200 AND action = 'Unaccompanied minor registered - ChildProtection referral to DIF'",
            ("id", number)));
    }

    private const string RuleReactionName = "rules";
}
