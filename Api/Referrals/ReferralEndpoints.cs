using Coordination.Api.Audit;
using Coordination.Api.Cases;
using Coordination.Api.Problems;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.Referrals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Api.Referrals;

/// <summary>Referrals: read one, answer it (acknowledge, accept, decline, complete), cancel it; INM's intakes.</summary>
public static class ReferralEndpoints
{
    public static IEndpointRouteBuilder MapReferralEndpoints(this IEndpointRouteBuilder routes)
    {
        var referrals = routes.MapGroup("/referrals").WithTags("Referrals").RequireCaller().Audited("referral", "referralId");

        referrals.MapGet("/{referralId}", GetReferral)
            .WithName("GetReferral").WithSummary("Read a referral (only the fields its kind needs)")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        Answer(referrals.MapPost("/{referralId}/acknowledgement", (string referralId, Caller caller, HttpContext http, IGrainFactory grains) =>
                AnswerAsync(referralId, null, caller, http, grains, (r, ctx, _) => r.AcknowledgeAsync(ctx), recipient: true)),
            "AcknowledgeReferral", "The counterpart has seen the referral");
        Answer(referrals.MapPost("/{referralId}/acceptance", (string referralId, ReferralReasonRequest? body, Caller caller, HttpContext http, IGrainFactory grains) =>
                AnswerAsync(referralId, body?.Reason, caller, http, grains, (r, ctx, reason) => r.AcceptAsync(ctx, reason), recipient: true)),
            "AcceptReferral", "The counterpart accepts (clearance given, custody taken, intake registered)");
        Answer(referrals.MapPost("/{referralId}/decline", (string referralId, DeclineRequest? body, Caller caller, HttpContext http, IGrainFactory grains) =>
                AnswerAsync(referralId, body?.Reason, caller, http, grains, (r, ctx, reason) => r.DeclineAsync(ctx, reason ?? ""), recipient: true)),
            "DeclineReferral", "The counterpart declines, with a reason");
        Answer(referrals.MapPost("/{referralId}/completion", (string referralId, Caller caller, HttpContext http, IGrainFactory grains) =>
                AnswerAsync(referralId, null, caller, http, grains, (r, ctx, _) => r.CompleteAsync(ctx), recipient: true)),
            "CompleteReferral", "The counterpart reports the work done (e.g. travel document issued)");
        Answer(referrals.MapPost("/{referralId}/cancellation", (string referralId, ReferralReasonRequest? body, Caller caller, HttpContext http, IGrainFactory grains) =>
                AnswerAsync(referralId, body?.Reason, caller, http, grains, (r, ctx, reason) => r.CancelAsync(ctx, reason ?? "cancelled by the sender"), recipient: false)),
            "CancelReferral", "The sender withdraws the referral");

        referrals.MapPost("/intakes", SendIntake)
            .WithName("SendIntake").WithSummary("INM refers a migrant who asks to return to an office")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    private static void Answer(RouteHandlerBuilder endpoint, string name, string summary) =>
        endpoint.WithName(name).WithSummary(summary)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();

    internal static async Task<Results<Ok<ReferralResponse>, ProblemHttpResult>> GetReferral(string referralId, Caller caller, IGrainFactory grains)
    {
        if (!ReferralIds.IsWellFormed(referralId))
        {
            return ReferralAccess.Denied(caller, referralId);
        }
        var referral = await grains.GetGrainByKey<IReferralGrain>(referralId).GetAsync();
        if (referral is null || !ReferralAccess.CanRead(caller, referral, await ReferralAccess.CustodyOfficeAsync(grains, referral)))
        {
            return ReferralAccess.Denied(caller, referralId);
        }
        return TypedResults.Ok(ReferralResponse.Of(referral));
    }

    private static async Task<Results<Ok<ReferralResponse>, ProblemHttpResult, ValidationProblem>> AnswerAsync(
        string referralId, string? reason, Caller caller, HttpContext http, IGrainFactory grains,
        Func<IReferralGrain, CommandContext, string?, Task<ReferralSnapshot>> action, bool recipient)
    {
        if (!ReferralIds.IsWellFormed(referralId))
        {
            return ReferralAccess.Denied(caller, referralId);
        }
        if (!CaseCommands.TryOperationId(http, caller, out var operationId, out var invalid))
        {
            return invalid!;
        }
        var grain = grains.GetGrainByKey<IReferralGrain>(referralId);
        var referral = await grain.GetAsync();
        var custody = referral is null ? null : await ReferralAccess.CustodyOfficeAsync(grains, referral);
        if (referral is null || !ReferralAccess.CanRead(caller, referral, custody))
        {
            return ReferralAccess.Denied(caller, referralId);
        }
        if (recipient ? !ReferralAccess.IsRecipient(caller, referral) : !ReferralAccess.IsSender(caller, referral, custody))
        {
            return ReferralAccess.NotYours(recipient ? $"Only {referral.To} answers this referral." : $"Only {referral.From} cancels this referral.");
        }
        return TypedResults.Ok(ReferralResponse.Of(await action(grain, caller.Command(operationId), reason)));
    }

    internal static async Task<Results<Created<ReferralResponse>, ValidationProblem, ProblemHttpResult>> SendIntake(
        IntakeRequest? request, Caller caller, HttpContext http, IGrainFactory grains, TimeProvider clock)
    {
        if (caller.Role != StaffRole.Liaison || caller.Authority != "INM")
        {
            return ReferralAccess.NotYours("Only INM's liaison refers migrants at migration stations.");
        }
        if (!CaseCommands.TryOperationId(http, caller, out var operationId, out var invalid))
        {
            return invalid!;
        }
        var missing = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.OfficeCode) || !OfficeCodes.IsWellFormed(request.OfficeCode))
        {
            missing["officeCode"] = ["The receiving office is required (MEX, TAP, TUX, CJS or ACA)."];
        }
        if (request?.ConsentGiven != true)
        {
            missing["consentGiven"] = ["An intake needs the migrant's consent to share their data with IOM (true)."];
        }
        if (request?.Migrant is null)
        {
            missing["migrant"] = ["The migrant's registration data is required."];
        }
        if (!TextRules.IsFreeText(request?.Note))
        {
            missing["note"] = [TextRules.FreeTextRule];
        }
        var (registration, errors) = request?.Migrant is { } migrant
            ? RegisterCaseRequestMapper.Map(migrant.At(request.OfficeCode ?? "ACA"), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            : (null, new Dictionary<string, string[]>());
        foreach (var (field, messages) in errors.Where(e => e.Key != "officeCode"))
        {
            missing[$"migrant.{field}"] = messages;
        }
        if (missing.Count > 0 || registration is null)
        {
            return ProblemResults.Invalid(missing);
        }
        if (await Offices.OfficeRoom.IntakeRefusalAsync(grains, request!.OfficeCode!) is { } full)
        {
            return full;
        }

        // The intake's id comes from the caller's operation, so a retried intake is the same referral.
        var referralId = $"INTAKE-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(operationId)))[..20]}";
        var subject = new ReferralSubject(registration.GivenNames, registration.FamilyNames, registration.BirthDate, registration.Nationality,
            registration.Sex, registration.Document, [.. registration.Vulnerabilities], [.. registration.Languages]);
        try
        {
            var sent = await grains.GetGrainByKey<IReferralGrain>(referralId).SendAsync(new ReferralRequest(
                ReferralKind.Intake, null, "INM", request!.OfficeCode!, subject, registration, true, null, request.Note, caller.Name));
            return TypedResults.Created($"/referrals/{referralId}", ReferralResponse.Of(sent));
        }
        catch (Grains.Interfaces.Errors.UnknownOfficeException)
        {
            return ProblemResults.Invalid(new Dictionary<string, string[]> { ["officeCode"] = [$"There is no office '{request!.OfficeCode}'."] });
        }
    }
}
