using Coordination.Api.Audit;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Api.Cases;

/// <summary>
/// One endpoint per lifecycle action of a case: POST /cases/{caseNumber}/{action}. Each answers the
/// case with its new ETag; 409 names the current status and the actions allowed now; 412 when
/// If-Match names an older version.
/// </summary>
public static class CaseActionEndpoints
{
    public static IEndpointRouteBuilder MapCaseActionEndpoints(this IEndpointRouteBuilder routes)
    {
        var actions = routes.MapGroup("/cases/{caseNumber}").WithTags("Case actions").RequireCaller().Audited("case", "caseNumber");

        Map(actions, "/counselling", CaseAction.RecordCounselling, "Record counselling: Registered to Counselled", Counselling);
        Map(actions, "/screening", CaseAction.RecordScreening, "Record eligibility screening: Counselled to Screened, or Ineligible with a reason", Screening);
        Map(actions, "/risk-assessment", CaseAction.RecordRiskAssessment, "Record a risk assessment (needed before a victim's consent)", RiskAssessment);
        Map(actions, "/consent", CaseAction.RecordConsent, "Record informed consent: Screened to Consented", Consent);
        Map(actions, "/exit-clearance-request", CaseAction.RequestExitClearance, "Ask INM for exit clearance: Consented to ClearanceRequested", ExitClearance);
        Map(actions, "/travel-document-request", CaseAction.RequestTravelDocument, "Ask the consulate of the nationality for a travel document", TravelDocument);
        Map(actions, "/child-protection-referral", CaseAction.ReferForChildProtection, "Refer a minor to DIF for child protection", ChildProtection);
        Map(actions, "/protection-referral", CaseAction.ReferForProtection, "Refer a victim to CNDH or another protection authority", Protection);
        Map(actions, "/transfer-request", CaseAction.RequestTransfer, "Ask another office to take custody (moves on its acceptance, within its capacity)", Transfer);
        Map(actions, "/travel-booking", CaseAction.BookTravel, "Book travel: Cleared to TravelBooked (needs clearance and a travel document)", Booking);
        Map(actions, "/departure", CaseAction.RecordDeparture, "Record departure: TravelBooked to Departed", Departure);
        Map(actions, "/arrival", CaseAction.RecordArrival, "Record arrival: Departed to Arrived", Arrival);
        Map(actions, "/reintegration", CaseAction.StartReintegration, "Start reintegration: Arrived to Reintegration", Reintegration);
        Map(actions, "/closure", CaseAction.Close, "Close the case after the return", Closure);
        Map(actions, "/withdrawal", CaseAction.Withdraw, "The migrant withdraws: cancels every open referral", Withdrawal);
        Map(actions, "/hold", CaseAction.PutOnHold, "Put the case on hold with a reason", Hold);
        Map(actions, "/resumption", CaseAction.Resume, "Resume a case on hold at the status it had", Resumption);
        Map(actions, "/reopening", CaseAction.Reopen, "Reopen a closed, ineligible or withdrawn case (supervisors, with a reason)", Reopening);
        return routes;
    }

    private static void Map(RouteGroupBuilder group, string path, CaseAction action, string summary, Delegate handler) =>
        group.MapPost(path, handler)
            .WithName(action.ToString())
            .WithSummary(summary)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesValidationProblem();

    internal static Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> Counselling(
        string caseNumber, CounsellingRequest? body, Caller caller, HttpContext http, IGrainFactory grains) =>
        CaseCommands.RunAsync(http, caseNumber, caller, grains, (c, ctx) => c.RecordCounsellingAsync(ctx, body?.Notes));

    internal static async Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> Screening(
        string caseNumber, ScreeningRequest? body, Caller caller, HttpContext http, IGrainFactory grains) =>
        CaseCommands.Missing((body?.Eligible is not null, "eligible", "Say whether the migrant is eligible (true or false).")) is { } missing
            ? missing
            : await CaseCommands.RunAsync(http, caseNumber, caller, grains, (c, ctx) => c.RecordScreeningAsync(ctx, body!.Eligible!.Value, body.Reason));

    internal static async Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> RiskAssessment(
        string caseNumber, RiskAssessmentRequest? body, Caller caller, HttpContext http, IGrainFactory grains) =>
        CaseCommands.Missing(
            (body?.Level is not null, "level", "The risk level is required (Low, Medium or High)."),
            (!string.IsNullOrWhiteSpace(body?.Summary), "summary", "A summary of the risk is required.")) is { } missing
            ? missing
            : await CaseCommands.RunAsync(http, caseNumber, caller, grains, (c, ctx) => c.RecordRiskAssessmentAsync(ctx, body!.Level!.Value, body.Summary!));

    internal static Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> Consent(
        string caseNumber, Caller caller, HttpContext http, IGrainFactory grains) =>
        CaseCommands.RunAsync(http, caseNumber, caller, grains, (c, ctx) => c.RecordConsentAsync(ctx));

    internal static Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> ExitClearance(
        string caseNumber, ReferralConsentRequest? body, Caller caller, HttpContext http, IGrainFactory grains) =>
        ReferAsync(body?.ConsentGiven, body?.OverrideReason, caseNumber, caller, http, grains, (c, ctx, consent) => c.RequestExitClearanceAsync(ctx, consent));

    internal static Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> TravelDocument(
        string caseNumber, ReferralConsentRequest? body, Caller caller, HttpContext http, IGrainFactory grains) =>
        ReferAsync(body?.ConsentGiven, body?.OverrideReason, caseNumber, caller, http, grains, (c, ctx, consent) => c.RequestTravelDocumentAsync(ctx, consent));

    internal static Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> ChildProtection(
        string caseNumber, ReferralConsentRequest? body, Caller caller, HttpContext http, IGrainFactory grains) =>
        ReferAsync(body?.ConsentGiven, body?.OverrideReason, caseNumber, caller, http, grains, (c, ctx, consent) => c.ReferForChildProtectionAsync(ctx, consent));

    internal static async Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> Protection(
        string caseNumber, ProtectionReferralRequest? body, Caller caller, HttpContext http, IGrainFactory grains) =>
        CaseCommands.Missing((!string.IsNullOrWhiteSpace(body?.Recipient), "recipient", "The protection authority is required, e.g. CNDH.")) is { } missing
            ? missing
            : await ReferAsync(body!.ConsentGiven, body.OverrideReason, caseNumber, caller, http, grains,
                (c, ctx, consent) => c.ReferForProtectionAsync(ctx, body.Recipient!.Trim(), consent));

    internal static async Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> Transfer(
        string caseNumber, TransferRequest? body, Caller caller, HttpContext http, IGrainFactory grains) =>
        CaseCommands.Missing(
            (!string.IsNullOrWhiteSpace(body?.ToOfficeCode), "toOfficeCode", "The receiving office is required (MEX, TAP, TUX, CJS or ACA)."),
            (!string.IsNullOrWhiteSpace(body?.Reason), "reason", "A transfer needs a reason.")) is { } missing
            ? missing
            : await Offices.OfficeRoom.TransferRefusalAsync(grains, body!.ToOfficeCode!.Trim()) is { } full
            ? full
            : await CaseCommands.RunAsync(http, caseNumber, caller, grains, (c, ctx) => c.RequestTransferAsync(ctx, body!.ToOfficeCode!.Trim(), body.Reason!));

    internal static async Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> Booking(
        string caseNumber, TravelBookingRequest? body, Caller caller, HttpContext http, IGrainFactory grains) =>
        CaseCommands.Missing(
            (body?.DepartureDate is not null, "departureDate", "The departure date is required (yyyy-MM-dd)."),
            (!string.IsNullOrWhiteSpace(body?.Carrier), "carrier", "The carrier is required."),
            (!string.IsNullOrWhiteSpace(body?.Destination), "destination", "The destination is required.")) is { } missing
            ? missing
            : await CaseCommands.RunAsync(http, caseNumber, caller, grains, (c, ctx) => c.BookTravelAsync(ctx,
                new TravelBooking(body!.DepartureDate!.Value, body.Carrier!.Trim(), body.Itinerary?.Trim() ?? "", body.Destination!.Trim())));

    internal static Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> Departure(
        string caseNumber, Caller caller, HttpContext http, IGrainFactory grains) =>
        CaseCommands.RunAsync(http, caseNumber, caller, grains, (c, ctx) => c.RecordDepartureAsync(ctx));

    internal static Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> Arrival(
        string caseNumber, Caller caller, HttpContext http, IGrainFactory grains) =>
        CaseCommands.RunAsync(http, caseNumber, caller, grains, (c, ctx) => c.RecordArrivalAsync(ctx));

    internal static Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> Reintegration(
        string caseNumber, Caller caller, HttpContext http, IGrainFactory grains) =>
        CaseCommands.RunAsync(http, caseNumber, caller, grains, (c, ctx) => c.StartReintegrationAsync(ctx));

    internal static Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> Closure(
        string caseNumber, ReasonRequest? body, Caller caller, HttpContext http, IGrainFactory grains) =>
        CaseCommands.RunAsync(http, caseNumber, caller, grains, (c, ctx) => c.CloseAsync(ctx, body?.Reason));

    internal static async Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> Withdrawal(
        string caseNumber, RequiredReasonRequest? body, Caller caller, HttpContext http, IGrainFactory grains) =>
        CaseCommands.Missing((!string.IsNullOrWhiteSpace(body?.Reason), "reason", "A withdrawal needs the migrant's reason.")) is { } missing
            ? missing
            : await CaseCommands.RunAsync(http, caseNumber, caller, grains, (c, ctx) => c.WithdrawAsync(ctx, body!.Reason!));

    internal static async Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> Hold(
        string caseNumber, RequiredReasonRequest? body, Caller caller, HttpContext http, IGrainFactory grains) =>
        CaseCommands.Missing((!string.IsNullOrWhiteSpace(body?.Reason), "reason", "Putting a case on hold needs a reason.")) is { } missing
            ? missing
            : await CaseCommands.RunAsync(http, caseNumber, caller, grains, (c, ctx) => c.PutOnHoldAsync(ctx, body!.Reason!));

    internal static Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> Resumption(
        string caseNumber, Caller caller, HttpContext http, IGrainFactory grains) =>
        CaseCommands.RunAsync(http, caseNumber, caller, grains, (c, ctx) => c.ResumeAsync(ctx));

    internal static async Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> Reopening(
        string caseNumber, RequiredReasonRequest? body, Caller caller, HttpContext http, IGrainFactory grains)
    {
        if (CaseCommands.Missing((!string.IsNullOrWhiteSpace(body?.Reason), "reason", "Reopening a case needs a reason.")) is { } missing)
        {
            return missing;
        }
        return await CaseCommands.RunAsync(http, caseNumber, caller, grains, (c, ctx) => c.ReopenAsync(ctx, body!.Reason!),
            CaseCommands.SupervisorsOnly("reopen a case"));
    }

    /// <summary>
    /// Sends a referral-making command. The body must say whether the migrant consents to share;
    /// sending without consent is a supervisor's decision, with a reason the history keeps.
    /// </summary>
    private static async Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> ReferAsync(
        bool? consentGiven, string? overrideReason, string caseNumber, Caller caller, HttpContext http, IGrainFactory grains,
        Func<ICaseGrain, Grains.Interfaces.Commands.CommandContext, ReferralConsent, Task<CaseSnapshot>> command)
    {
        // The override's reason is bounded whenever it is sent, as the OpenAPI document declares, not only when it is used.
        if (CaseCommands.Missing(
            (consentGiven is not null, "consentGiven", "Say whether the migrant consents to share their data with the recipient (true or false)."),
            (TextRules.IsFreeText(overrideReason), "overrideReason", TextRules.FreeTextRule)) is { } missing)
        {
            return missing;
        }
        var consent = consentGiven == true ? ReferralConsent.Granted : new ReferralConsent(false, overrideReason);
        return await CaseCommands.RunAsync(http, caseNumber, caller, grains, (c, ctx) => command(c, ctx, consent),
            consent.Given ? null : CaseCommands.SupervisorsOnly("send a referral without the migrant's consent to share"));
    }
}
