using Coordination.Grains.Cases;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Interfaces.Rules;
using Coordination.Grains.Rules;

namespace Coordination.Domain.Tests;

/// <summary>A case whose personal fields were erased: rules that need them do not fire, and say why; the others still can.</summary>
public sealed class ErasedCaseRuleTests
{
    private static readonly IReadOnlyDictionary<string, RuleDefinition> Shipped = RuleFiles.Parse(RuleFiles.Shipped()).ToDictionary(r => r.Id);

    private static RuleDecision Decide(CaseState state, RuleDefinition rule, string @event) =>
        RuleDecider.Decide(state, rule, new RuleTrigger(@event, Guid.NewGuid()),
            new CaseDecisionContext(PureCase.Number, 4, new CommandContext(rule.Actor, StaffRole.Automation, "x", null, CaseDecider.AnyOffice),
                PureCase.Now, PureCase.Authorities, PureCase.Offices));

    [Fact]
    public void A_condition_on_personal_facts_does_not_hold_for_an_erased_case_and_says_why()
    {
        var @case = PureCase.Registered();
        @case.Do(new CaseCommand.RecordCounselling(null));
        @case.Do(new CaseCommand.RecordScreening(true, null));
        @case.Do(new CaseCommand.RecordConsent());
        var erased = @case.State with { Registration = null };

        var decision = Decide(erased, Shipped["consent-travel-document"], nameof(ConsentRecorded));

        Assert.Equal(RuleOutcome.ConditionNotMet, decision.Result.Outcome);
        Assert.Equal("the case's personal data was erased", decision.Result.Detail);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void A_rule_on_facts_kept_in_clear_still_fires_for_an_erased_case_and_a_referral_it_asks_for_is_refused()
    {
        var erased = PureCase.Registered().State with { Registration = null };

        Assert.Equal(RuleOutcome.Fired, Decide(erased, Shipped["regional-nationality-review"], nameof(ScreeningRecorded)).Result.Outcome);
        var refer = Shipped["minor-child-protection"] with { When = RuleCondition.Always };
        var refused = Decide(erased, refer, nameof(CaseRegistered));
        Assert.Equal(RuleOutcome.Refused, refused.Result.Outcome);
        Assert.Contains("personal data was erased", refused.Result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(refused.Events, e => e is ReferralRequested { Kind: ReferralKind.ChildProtection });
    }
}
