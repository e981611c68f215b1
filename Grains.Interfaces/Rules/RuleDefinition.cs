using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Interfaces.Rules;

/// <summary>What a rule does when it fires.</summary>
public enum RuleActionKind
{
    /// <summary>Opens a referral of a kind (to its usual counterpart, or to a named one).</summary>
    Refer = 0,

    /// <summary>Records that the case is escalated to a level of the escalation chain.</summary>
    Escalate = 1,

    /// <summary>Tells a named subscriber (a webhook subscription listening for <c>notification.&lt;name&gt;</c>).</summary>
    Notify = 2,

    /// <summary>Puts the case on hold with a reason.</summary>
    Hold = 3,

    /// <summary>Flags the case for a person's review, with a reason.</summary>
    FlagForReview = 4,
}

/// <summary>One action of a rule.</summary>
/// <param name="Kind">What it does.</param>
/// <param name="ReferralKind">For <see cref="RuleActionKind.Refer"/>: the kind of referral.</param>
/// <param name="To">For a referral: the counterpart when the kind has no usual one (Protection: CNDH or DIF).</param>
/// <param name="Level">For <see cref="RuleActionKind.Escalate"/>: the level, or null for the level the referral's escalation reached.</param>
/// <param name="Subscriber">For <see cref="RuleActionKind.Notify"/>: the subscriber's name, e.g. <c>travel-desk</c>.</param>
/// <param name="Reason">For hold, review and notifications: the reason recorded on the case.</param>
[GenerateSerializer, Immutable, Alias("Coordination.RuleAction")]
public sealed record RuleAction(
    [property: Id(0)] RuleActionKind Kind,
    [property: Id(1)] ReferralKind? ReferralKind = null,
    [property: Id(2)] string? To = null,
    [property: Id(3)] EscalationLevel? Level = null,
    [property: Id(4)] string? Subscriber = null,
    [property: Id(5)] string? Reason = null)
{
    public override string ToString() => Kind switch
    {
        RuleActionKind.Refer => $"refer {ReferralKind}{(To is null ? "" : $" to {To}")}",
        RuleActionKind.Escalate => $"escalate to {(Level?.ToString() ?? "the level the referral reached")}",
        RuleActionKind.Notify => $"notify {Subscriber}",
        RuleActionKind.Hold => "put on hold",
        _ => "flag for review",
    };
}

/// <summary>
/// A declarative condition on the case (and on the referral an event is about): every part that is
/// given must hold. Nothing here is code: only these facts can be asked about.
/// </summary>
/// <param name="Status">The case is in one of these statuses.</param>
/// <param name="Offices">The case is in the custody of one of these offices.</param>
/// <param name="Nationalities">The migrant's nationality is one of these (ISO alpha-3 codes).</param>
/// <param name="AnyVulnerability">The case carries at least one of these vulnerability flags.</param>
/// <param name="Minor">The migrant is (or is not) under 18.</param>
/// <param name="TravelDocumentReady">A valid passport is recorded or the consulate completed a travel document (or not).</param>
/// <param name="ClearanceAccepted">INM accepted an ExitClearance referral of the case (or not).</param>
/// <param name="ReferralKinds">The event is about a referral of one of these kinds.</param>
/// <param name="ReferralStatuses">The event is about a referral that reached one of these statuses.</param>
[GenerateSerializer, Immutable, Alias("Coordination.RuleCondition")]
public sealed record RuleCondition(
    [property: Id(0)] IReadOnlyList<CaseStatus>? Status = null,
    [property: Id(1)] IReadOnlyList<string>? Offices = null,
    [property: Id(2)] IReadOnlyList<string>? Nationalities = null,
    [property: Id(3)] IReadOnlyList<VulnerabilityFlag>? AnyVulnerability = null,
    [property: Id(4)] bool? Minor = null,
    [property: Id(5)] bool? TravelDocumentReady = null,
    [property: Id(6)] bool? ClearanceAccepted = null,
    [property: Id(7)] IReadOnlyList<ReferralKind>? ReferralKinds = null,
    [property: Id(8)] IReadOnlyList<ReferralStatus>? ReferralStatuses = null)
{
    public static readonly RuleCondition Always = new();
}

/// <summary>
/// One referral workflow: on an event, if a condition holds, do these actions. Declared in the
/// rule file, not in code.
/// </summary>
/// <param name="Id">Stable id (lower case, digits and dashes): command ids derive from it, so never reuse one for another meaning.</param>
/// <param name="Name">What it is for, in words: the audit trail records actions under it.</param>
/// <param name="On">The event, e.g. <c>ConsentRecorded</c>, <c>ReferralProgressed</c>, <c>ReferralOverdue</c>.</param>
/// <param name="When">The condition.</param>
/// <param name="Actions">What it does, in order.</param>
/// <param name="Enabled">Switched on (false: listed, never fires).</param>
/// <param name="OffAt">Offices where it is switched off.</param>
/// <param name="OncePerCase">Fires at most once per case rather than once per event.</param>
/// <param name="Line">The line of the rule file where it is declared.</param>
[GenerateSerializer, Immutable, Alias("Coordination.RuleDefinition")]
public sealed record RuleDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string On,
    [property: Id(3)] RuleCondition When,
    [property: Id(4)] IReadOnlyList<RuleAction> Actions,
    [property: Id(5)] bool Enabled,
    [property: Id(6)] IReadOnlyList<string> OffAt,
    [property: Id(7)] bool OncePerCase,
    [property: Id(8)] int Line)
{
    /// <summary>Who a rule's changes are made by, in a case's history and its events.</summary>
    public string Actor => $"rule:{Id}";

    public bool SwitchedOffAt(string officeCode) => !Enabled || OffAt.Contains(officeCode);
}
