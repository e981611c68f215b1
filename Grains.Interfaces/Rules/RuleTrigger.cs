using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Interfaces.Rules;

/// <summary>
/// The event a rule is asked about: its kind and id (the action's command id derives from it) and,
/// for an event about a referral, which referral and how far it got.
/// </summary>
/// <param name="Event">The event kind as rules name it, e.g. <c>ConsentRecorded</c> or <c>ReferralOverdue</c>.</param>
/// <param name="EventId">The event's id in the log (or a fresh one for a dry run).</param>
/// <param name="ReferralId">The referral the event is about, if any.</param>
/// <param name="ReferralKind">Its kind.</param>
/// <param name="ReferralStatus">How far it got.</param>
/// <param name="EscalatedTo">For an overdue referral: the furthest level its escalation reached.</param>
[GenerateSerializer, Immutable, Alias("Coordination.RuleTrigger")]
public sealed record RuleTrigger(
    [property: Id(0)] string Event,
    [property: Id(1)] Guid EventId,
    [property: Id(2)] string? ReferralId = null,
    [property: Id(3)] ReferralKind? ReferralKind = null,
    [property: Id(4)] ReferralStatus? ReferralStatus = null,
    [property: Id(5)] EscalationLevel? EscalatedTo = null);

/// <summary>How asking a rule about a case ended.</summary>
public enum RuleOutcome
{
    /// <summary>The condition does not hold: nothing to do.</summary>
    ConditionNotMet = 0,

    /// <summary>The rule is switched off (everywhere, or at the case's office).</summary>
    SwitchedOff = 1,

    /// <summary>The rule's actions were carried out (or, in a dry run, would be).</summary>
    Fired = 2,

    /// <summary>What the rule would do is already true (the referral is open, the case on hold, the rule fired for this event).</summary>
    AlreadyDone = 3,

    /// <summary>The case refused the action (its status or a guard); the reason says why.</summary>
    Refused = 4,
}

/// <summary>What a rule did, or would do, for one case and event.</summary>
/// <param name="RuleId">The rule.</param>
/// <param name="RuleName">Its name.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Detail">Why, in words (the condition that failed, the refusal, the actions).</param>
/// <param name="Actions">The actions carried out, or that would be.</param>
[GenerateSerializer, Immutable, Alias("Coordination.RuleResult")]
public sealed record RuleResult(
    [property: Id(0)] string RuleId,
    [property: Id(1)] string RuleName,
    [property: Id(2)] RuleOutcome Outcome,
    [property: Id(3)] string Detail,
    [property: Id(4)] IReadOnlyList<string> Actions);
