using Coordination.Grains.Cases;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Interfaces.Rules;

namespace Coordination.Domain.Tests;

/// <summary>The shipped rules decided on a pure case: what fires, what does not and why, and what a repeat does.</summary>
public sealed class RuleDecisionTests
{
    private static readonly IReadOnlyDictionary<string, RuleDefinition> Shipped = RuleFiles.Parse(RuleFiles.Shipped()).ToDictionary(r => r.Id);

    private static RuleTrigger On(string @event) => new(@event, Guid.NewGuid());

    private static PureCase Consented()
    {
        var @case = PureCase.Registered();
        @case.Do(new CaseCommand.RecordCounselling(null));
        @case.Do(new CaseCommand.RecordScreening(true, null));
        @case.Do(new CaseCommand.RecordConsent());
        return @case;
    }

    [Fact]
    public void Consent_without_a_passport_opens_exit_clearance_to_inm_and_a_travel_document_to_the_consulate_each_once()
    {
        var @case = Consented();
        var consent = On(nameof(ConsentRecorded));

        Assert.Equal(RuleOutcome.Fired, @case.Fire(Shipped["consent-exit-clearance"], consent).Result.Outcome);
        Assert.Equal(RuleOutcome.Fired, @case.Fire(Shipped["consent-travel-document"], consent).Result.Outcome);
        // The same event again (read twice, or the command retried): nothing more.
        Assert.Equal(RuleOutcome.AlreadyDone, @case.Fire(Shipped["consent-exit-clearance"], consent).Result.Outcome);
        Assert.Empty(@case.Fire(Shipped["consent-travel-document"], consent).Events);

        var requested = @case.Events.OfType<ReferralRequested>().ToList();
        Assert.Equal([(ReferralKind.ExitClearance, "INM", "consent-exit-clearance"), (ReferralKind.TravelDocument, "CONS-HND", "consent-travel-document")],
            requested.Select(r => (r.Kind, r.To, r.Rule)));
        Assert.All(requested, r => Assert.Equal($"rule:{r.Rule}", r.By));
        Assert.Equal(CaseStatus.ClearanceRequested, @case.State.Status);
    }

    [Fact]
    public void A_persons_request_for_a_referral_a_rule_opened_is_answered_with_it_and_opens_no_second()
    {
        var @case = Consented();
        @case.Fire(Shipped["consent-exit-clearance"], On(nameof(ConsentRecorded)));
        @case.Fire(Shipped["consent-travel-document"], On(nameof(ConsentRecorded)));

        Assert.Empty(@case.Do(new CaseCommand.RequestExitClearance(ReferralConsent.Granted)));
        Assert.Empty(@case.Do(new CaseCommand.RequestTravelDocument(ReferralConsent.Granted)));
        Assert.Equal(2, @case.State.Referrals.Count);
        Assert.All(@case.State.Referrals, r => Assert.NotNull(r.OpenedByRule));
    }

    [Fact]
    public void A_persons_second_request_for_a_referral_a_person_opened_is_still_refused()
    {
        var @case = Consented();
        @case.Do(new CaseCommand.RequestTravelDocument(ReferralConsent.Granted));

        Assert.Throws<Coordination.Grains.Interfaces.Errors.CaseActionRefusedException>(() => @case.Do(new CaseCommand.RequestTravelDocument(ReferralConsent.Granted)));
    }

    [Fact]
    public void A_rule_whose_condition_fails_says_which_fact_failed_and_does_nothing()
    {
        var @case = Consented();
        var notMinor = Shipped["minor-child-protection"];

        var decision = @case.Fire(notMinor, On(nameof(CaseRegistered)));

        Assert.Equal(RuleOutcome.ConditionNotMet, decision.Result.Outcome);
        Assert.Contains("UnaccompaniedMinor", decision.Result.Detail, StringComparison.Ordinal);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void A_rule_switched_off_at_the_cases_office_does_not_fire_there_but_does_elsewhere()
    {
        var rule = Shipped["regional-nationality-review"] with { OffAt = ["ACA"] };
        Assert.Equal(RuleOutcome.SwitchedOff, PureCase.Registered().Fire(rule, On(nameof(ScreeningRecorded))).Result.Outcome);
        Assert.Equal(RuleOutcome.Fired, PureCase.Registered().Fire(rule with { OffAt = ["MEX"] }, On(nameof(ScreeningRecorded))).Result.Outcome);
        Assert.Equal(RuleOutcome.SwitchedOff, PureCase.Registered().Fire(rule with { OffAt = [], Enabled = false }, On(nameof(ScreeningRecorded))).Result.Outcome);
    }

    [Fact]
    public void A_once_per_case_rule_fires_on_the_first_event_that_meets_its_condition_and_never_again()
    {
        var @case = PureCase.DrivenTo(CaseStatus.Cleared);
        var rule = Shipped["ready-to-book-travel-desk"];

        Assert.Equal(RuleOutcome.Fired, @case.Fire(rule, On(nameof(ReferralProgressed))).Result.Outcome);
        Assert.Equal(RuleOutcome.AlreadyDone, @case.Fire(rule, On(nameof(ReferralProgressed))).Result.Outcome);
        Assert.Equal("travel-desk", Assert.Single(@case.Events.OfType<SubscriberNotified>()).Subscriber);
    }

    [Fact]
    public void A_referral_going_overdue_escalates_the_case_to_the_level_reached_and_notifies_operations()
    {
        var @case = Consented();
        @case.Do(new CaseCommand.RequestExitClearance(ReferralConsent.Granted));
        var referral = @case.OpenReferral(ReferralKind.ExitClearance);

        var decision = @case.Fire(Shipped["overdue-referral-escalation"],
            new RuleTrigger(RuleEvents.ReferralOverdue, Guid.NewGuid(), referral, ReferralKind.ExitClearance, ReferralStatus.Sent, EscalationLevel.Supervisor));

        Assert.Equal(RuleOutcome.Fired, decision.Result.Outcome);
        Assert.Equal((EscalationLevel.Supervisor, referral), decision.Events.OfType<CaseEscalated>().Select(e => (e.Level, e.ReferralId)).Single());
        Assert.Equal("ops", decision.Events.OfType<SubscriberNotified>().Single().Subscriber);
    }

    [Fact]
    public void An_action_the_case_refuses_is_reported_with_the_cases_reason()
    {
        var @case = PureCase.Registered();

        var decision = @case.Fire(Shipped["consent-exit-clearance"], On(nameof(ConsentRecorded)));

        Assert.Equal(RuleOutcome.Refused, decision.Result.Outcome);
        Assert.Contains("does not allow RequestExitClearance", decision.Result.Detail, StringComparison.Ordinal);
    }
}
