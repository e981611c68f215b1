using System.ComponentModel;
using Coordination.Api.Audit;
using Coordination.Api.Problems;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Rules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Api.Rules;

/// <summary>The referral workflow rules in force, and a dry run of them on a case (administrators).</summary>
public static class RuleEndpoints
{
    public static IEndpointRouteBuilder MapRuleEndpoints(this IEndpointRouteBuilder routes)
    {
        var rules = routes.MapGroup("/admin/rules").WithTags("Referral workflow rules").RequireCaller().RequireAuthorization(Policies.Administrator);

        rules.MapGet("", GetRules)
            .WithName("GetRules")
            .WithSummary("The referral workflow rules in force, and why the rule file was refused if it was since they were read")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        rules.MapGet("/dry-run", DryRun)
            .Audited("case", queryKey: "caseNumber")
            .WithName("DryRunRules")
            .WithSummary("Which rules would fire for a case on an event, and what they would do; changes nothing")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    internal static async Task<Ok<RuleBookResponse>> GetRules(IGrainFactory grains) =>
        TypedResults.Ok(RuleBookResponse.From(await grains.GetGrain<IRuleBookGrain>(0).GetAsync()));

    internal static async Task<Results<Ok<DryRunResponse>, ValidationProblem, ProblemHttpResult>> DryRun(
        IGrainFactory grains,
        [Description("The case, e.g. ACA-2026-000123.")] string? caseNumber,
        [Description("The event, e.g. ConsentRecorded, ReferralProgressed or ReferralOverdue.")] string? @event,
        [Description("For an event about a referral: the referral (one of the case's).")] string? referralId)
    {
        var errors = new Dictionary<string, string[]>();
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            errors["caseNumber"] = ["A case number such as ACA-2026-000123 is required."];
        }
        if (@event is null || !RuleEvents.All.Contains(@event))
        {
            errors["event"] = [$"The event is one of {string.Join(", ", RuleEvents.All)}."];
        }
        if (referralId is { Length: > 64 } || (referralId?.Any(char.IsControl) ?? false))
        {
            errors["referralId"] = ["A referral id is at most 64 characters."];
        }
        if (errors.Count > 0)
        {
            return ProblemResults.Invalid(errors);
        }
        var snapshot = await grains.GetGrainByKey<ICaseGrain>(number.ToString()).GetAsync();
        if (snapshot is null)
        {
            return ProblemResults.NotFound("Case not found.", $"There is no case {number}.");
        }
        var referral = referralId is null ? null : snapshot.Referrals.FirstOrDefault(r => r.ReferralId == referralId);
        if (referralId is not null && referral is null)
        {
            return ProblemResults.Invalid(new Dictionary<string, string[]> { ["referralId"] = [$"Case {number} has no referral '{referralId}'."] });
        }
        var trigger = new RuleTrigger(@event!, Guid.NewGuid(), referral?.ReferralId, referral?.Kind, referral?.Status);
        var results = await grains.GetGrain<IRuleBookGrain>(0).DryRunAsync(number.ToString(), trigger) ?? [];
        return TypedResults.Ok(new DryRunResponse(number.ToString(), @event!, referral?.ReferralId,
            [.. results.Select(r => new RuleResultResponse(r.RuleId, r.RuleName, r.Outcome, r.Outcome == RuleOutcome.Fired, r.Detail, r.Actions))]));
    }

    /// <summary>One rule in force.</summary>
    public sealed record RuleResponse(
        string Id,
        string Name,
        [property: Description("The event that triggers it.")] string On,
        [property: Description("The condition on the case: every fact given must hold.")] RuleCondition When,
        [property: Description("What it does, in order.")] IReadOnlyList<RuleActionResponse> Actions,
        bool Enabled,
        [property: Description("Offices where it is switched off.")] IReadOnlyList<string> OffAt,
        [property: Description("perEvent or perCase.")] string Once,
        [property: Description("Where it is declared in the rule file.")] int Line);

    /// <summary>One action of a rule.</summary>
    public sealed record RuleActionResponse(RuleActionKind Kind, string Description, string? ReferralKind, string? To, string? Level, string? Subscriber, string? Reason);

    /// <summary>Why the rule file as it is now was refused.</summary>
    public sealed record RuleFileProblemResponse(int Line, string Message, DateTimeOffset At);

    /// <summary>The rules in force.</summary>
    public sealed record RuleBookResponse(
        [property: Description("The rule file the silo reads (none: no rules).")] string? File,
        DateTimeOffset? LoadedAt,
        IReadOnlyList<RuleResponse> Rules,
        [property: Description("Set when the file was changed and refused: the rules listed are still the ones read before.")] RuleFileProblemResponse? Problem)
    {
        public static RuleBookResponse From(RuleBookSnapshot book) => new(
            book.Path,
            book.LoadedAt,
            [.. book.Rules.Select(r => new RuleResponse(r.Id, r.Name, r.On, r.When,
                [.. r.Actions.Select(a => new RuleActionResponse(a.Kind, a.ToString(), a.ReferralKind?.ToString(), a.To, a.Level?.ToString(), a.Subscriber, a.Reason))],
                r.Enabled, r.OffAt, r.OncePerCase ? "perCase" : "perEvent", r.Line))],
            book.Problem is { } p ? new RuleFileProblemResponse(p.Line, p.Message, p.At) : null);
    }

    /// <summary>What one rule would do.</summary>
    public sealed record RuleResultResponse(string RuleId, string RuleName, RuleOutcome Outcome, bool WouldFire, string Detail, IReadOnlyList<string> Actions);

    /// <summary>What the rules triggered by an event would do to a case.</summary>
    public sealed record DryRunResponse(string CaseNumber, string Event, string? ReferralId, IReadOnlyList<RuleResultResponse> Rules);
}
