using Coordination.Api.Audit;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Cases;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Api.Cases;

/// <summary>
/// Erasure on the migrant's request (IOM data protection principles): an administrator erases the
/// personal data of a case that ended, with a reason. Names, birth date, documents, free text and
/// duplicate match keys go from every place they were kept; the office, status history, dates and
/// nationality stay for the figures; the erasure is in the case history and the audit log.
/// </summary>
public static class CaseErasureEndpoints
{
    public static IEndpointRouteBuilder MapCaseErasureEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/cases").WithTags("Data protection").RequireCaller().Audited("case", "caseNumber")
            .MapPost("/{caseNumber}/erasure", EraseCase)
            .RequireAuthorization(Policies.Administrator)
            .WithName("EraseCase")
            .WithSummary("Erase the personal data of a case that ended (closed, withdrawn or ineligible), on the migrant's request (administrators, with a reason)")
            .WithDescription("Erasing again answers the first erasure. A case still being worked gets 409: withdraw or close it first. " +
                "Cases that ended longer ago than Coordination:Retention:EndedCasesKeptFor are erased by the retention job without asking.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    internal static async Task<Results<Ok<CaseErasureResponse>, ProblemHttpResult, ValidationProblem>> EraseCase(
        string caseNumber, RequiredReasonRequest? body, Caller caller, HttpContext http, IGrainFactory grains)
    {
        if (!CaseCommands.TryOperationId(http, caller, out var operationId, out var invalidKey))
        {
            return invalidKey!;
        }
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            return CaseAccess.NotFound(caseNumber);
        }
        var erasure = await grains.GetGrainByKey<ICaseGrain>(number.ToString()).ErasePersonalDataAsync(caller.Command(operationId), body?.Reason ?? "")
            ?? throw new InvalidOperationException($"The erasure of {number} on request answered nothing.");
        return TypedResults.Ok(CaseErasureResponse.Of(erasure with { CaseNumber = number.ToString() }));
    }
}
