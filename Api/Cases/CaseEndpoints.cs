using Coordination.Api.Audit;
using Coordination.Api.Problems;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Offices;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Api.Cases;

/// <summary>Cases: register a migrant at an office, read a case and its history.</summary>
public static class CaseEndpoints
{
    public static IEndpointRouteBuilder MapCaseEndpoints(this IEndpointRouteBuilder routes)
    {
        var cases = routes.MapGroup("/cases").WithTags("Cases").RequireCaller().Audited("case", "caseNumber");

        cases.MapPost("/", RegisterCase)
            .WithName("RegisterCase")
            .WithSummary("Register a migrant's case at an office")
            .WithDescription("Allots the next case number of the office (e.g. ACA-2026-000123) and registers the case under it. " +
                "Caseworkers and supervisors register at their own office. Send an Idempotency-Key header to make the request safe to retry.")
            .Accepts<RegisterCaseRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        cases.MapGet("/{caseNumber}", GetCase)
            .WithName("GetCase")
            .WithSummary("Read a case by its case number; the ETag is its version")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        cases.MapGet("/{caseNumber}/history", GetHistory)
            .WithName("GetCaseHistory")
            .WithSummary("Every change of a case: who, when, from, to and why")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return routes;
    }

    internal static async Task<Results<Created<CaseResponse>, ValidationProblem, ProblemHttpResult>> RegisterCase(
        RegisterCaseRequest? request, Caller caller, HttpContext http, IGrainFactory grains, TimeProvider clock)
    {
        if (!CaseCommands.TryOperationId(http, caller, out var operationId, out var invalidKey))
        {
            return invalidKey!;
        }
        if (request is null)
        {
            return ProblemResults.Invalid(
                new Dictionary<string, string[]> { ["body"] = ["A JSON object describing the case is required."] },
                "The request has no body.");
        }

        var (registration, errors) = RegisterCaseRequestMapper.Map(request, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (registration is null)
        {
            return ProblemResults.Invalid(errors);
        }
        var officeCode = request.OfficeCode!;
        try
        {
            if (!caller.WorksAt(officeCode))
            {
                await grains.GetGrainByKey<IOfficeGrain>(officeCode).GetAsync(); // an unknown office is a bad field, not a refusal
                return TypedResults.Problem(title: "Not allowed.", detail: $"Only staff of {officeCode} register cases there.", statusCode: StatusCodes.Status403Forbidden);
            }

            var registered = await grains.GetGrainByKey<IOfficeGrain>(officeCode).RegisterCaseAsync(registration, caller.Command(operationId));
            var body = CaseResponse.From(registered);
            http.Response.Headers.ETag = ETags.Of(registered.Version);
            return TypedResults.Created($"/cases/{body.CaseNumber}", body);
        }
        catch (UnknownOfficeException)
        {
            return ProblemResults.Invalid(new Dictionary<string, string[]>
            {
                ["officeCode"] = [$"There is no office '{officeCode}'."],
            });
        }
    }

    internal static async Task<Results<Ok<CaseResponse>, ProblemHttpResult>> GetCase(string caseNumber, Caller caller, HttpContext http, IGrainFactory grains)
    {
        var (snapshot, denied) = await CaseAccess.LoadAsync(grains, caller, caseNumber, CaseAccess.Read);
        if (denied is not null)
        {
            return denied;
        }
        http.Response.Headers.ETag = ETags.Of(snapshot!.Version);
        return TypedResults.Ok(CaseResponse.From(snapshot));
    }

    internal static async Task<Results<Ok<CaseHistoryResponse[]>, ProblemHttpResult>> GetHistory(string caseNumber, Caller caller, IGrainFactory grains)
    {
        var (snapshot, denied) = await CaseAccess.LoadAsync(grains, caller, caseNumber, CaseAccess.Read);
        if (denied is not null)
        {
            return denied;
        }
        var history = await grains.GetGrainByKey<Grains.Interfaces.Cases.ICaseGrain>(snapshot!.CaseNumber.ToString()).GetHistoryAsync();
        return TypedResults.Ok(history.Select(h => new CaseHistoryResponse(h.At, h.Actor, h.Event, h.From, h.To, h.Reason, h.Version)).ToArray());
    }
}
