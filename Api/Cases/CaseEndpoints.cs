using Coordination.Api.Problems;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Offices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Coordination.Api.Cases;

/// <summary>Cases: register a migrant at an office, read a case.</summary>
public static class CaseEndpoints
{
    /// <summary>Longest accepted Idempotency-Key.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    public static IEndpointRouteBuilder MapCaseEndpoints(this IEndpointRouteBuilder routes)
    {
        var cases = routes.MapGroup("/cases").WithTags("Cases");

        cases.MapPost("/", RegisterCase)
            .WithName("RegisterCase")
            .WithSummary("Register a migrant's case at an office")
            .WithDescription("Allots the next case number of the office (e.g. ACA-2026-000123) and registers the case under it. " +
                "Send an Idempotency-Key header to make the request safe to retry: a repeated key returns the case it registered.")
            .Accepts<RegisterCaseRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        cases.MapGet("/{caseNumber}", GetCase)
            .WithName("GetCase")
            .WithSummary("Read a case by its case number")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return routes;
    }

    internal static async Task<Results<Created<CaseResponse>, ValidationProblem>> RegisterCase(
        RegisterCaseRequest? request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IGrainFactory grains,
        TimeProvider clock)
    {
        if (idempotencyKey is not null && (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > MaxIdempotencyKeyLength))
        {
            return Problems.Problems.Invalid(
                new Dictionary<string, string[]> { ["Idempotency-Key"] = [$"The Idempotency-Key header must be 1 to {MaxIdempotencyKeyLength} characters."] },
                "The request has an invalid header.");
        }

        if (request is null)
        {
            return Problems.Problems.Invalid(
                new Dictionary<string, string[]> { ["body"] = ["A JSON object describing the case is required."] },
                "The request has no body.");
        }

        var (registration, errors) = RegisterCaseRequestMapper.Map(request, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (registration is null)
        {
            return Problems.Problems.Invalid(errors);
        }

        var officeCode = request.OfficeCode!;
        try
        {
            var registered = await grains.GetGrain<IOfficeGrain>(officeCode)
                .RegisterCaseAsync(registration, idempotencyKey ?? Guid.NewGuid().ToString("N"));
            var body = CaseResponse.From(registered);
            return TypedResults.Created($"/cases/{body.CaseNumber}", body);
        }
        catch (UnknownOfficeException)
        {
            return Problems.Problems.Invalid(new Dictionary<string, string[]>
            {
                ["officeCode"] = [$"There is no office '{officeCode}'."],
            });
        }
        catch (InvalidCaseDataException e)
        {
            return Problems.Problems.Invalid(e.Errors);
        }
    }

    internal static async Task<Results<Ok<CaseResponse>, ProblemHttpResult>> GetCase(string caseNumber, IGrainFactory grains)
    {
        // A string that is not a case number names no case; it never reaches a grain.
        var snapshot = CaseNumber.TryParse(caseNumber, out var number)
            ? await grains.GetGrain<ICaseGrain>(number.ToString()).GetAsync()
            : null;
        return snapshot is null
            ? Problems.Problems.NotFound("Case not found.", $"There is no case '{caseNumber}'.")
            : TypedResults.Ok(CaseResponse.From(snapshot));
    }
}
