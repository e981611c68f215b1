using Coordination.Api.Audit;
using Coordination.Api.Problems;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.Referrals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Api.Offices;

/// <summary>Offices: the list of field offices and each office's figures.</summary>
public static class OfficeEndpoints
{
    public static IEndpointRouteBuilder MapOfficeEndpoints(this IEndpointRouteBuilder routes)
    {
        var offices = routes.MapGroup("/offices").WithTags("Offices").RequireCaller();

        offices.MapGet("/", ListOffices)
            .WithName("ListOffices")
            .WithSummary("List the field offices");

        offices.MapGet("/{officeCode}", GetOffice)
            .WithName("GetOffice")
            .WithSummary("Read an office by its code")
            .ProducesProblem(StatusCodes.Status404NotFound);

        offices.MapGet("/{officeCode}/caseload", GetCaseload)
            .WithName("GetOfficeCaseload")
            .WithSummary("The live caseload: open cases by status, capacity, inbound transfers and intakes")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        offices.MapGet("/{officeCode}/transfers", GetTransfers)
            .WithName("GetOfficeTransfers")
            .WithSummary("Transfers and intakes waiting for the office's answer (in) and transfers it sent that wait for an answer (out)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        offices.MapPut("/{officeCode}/capacity", SetCapacity)
            .WithName("SetOfficeCapacity")
            .WithSummary("Change how many open cases an office can carry (administrators)")
            .RequireAuthorization(Policies.Administrator)
            .Audited("office", "officeCode")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return routes;
    }

    internal static async Task<Results<Ok<CaseloadSnapshot>, ProblemHttpResult>> GetCaseload(string officeCode, Caller caller, IGrainFactory grains)
    {
        if (!OfficeCodes.IsWellFormed(officeCode))
        {
            return ProblemResults.NotFound("Office not found.", $"There is no office '{officeCode}'.");
        }
        if (!(caller.WorksAt(officeCode) || caller.Role is StaffRole.Operations or StaffRole.Administrator))
        {
            return TypedResults.Problem(title: "Not allowed.", detail: $"Only staff of {officeCode}, operations and administrators see its caseload.", statusCode: StatusCodes.Status403Forbidden);
        }
        return TypedResults.Ok(await grains.GetGrainByKey<IOfficeGrain>(officeCode).GetCaseloadAsync());
    }

    /// <summary>An office's pending transfers, in and out.</summary>
    public sealed record OfficeTransfersResponse(IReadOnlyList<ReferralInboxItem> Inbound, IReadOnlyList<ReferralInboxItem> Outbound);

    internal static async Task<Results<Ok<OfficeTransfersResponse>, ProblemHttpResult>> GetTransfers(string officeCode, Caller caller, IGrainFactory grains)
    {
        var caseload = await GetCaseload(officeCode, caller, grains);
        return caseload.Result is Ok<CaseloadSnapshot> { Value: { } found }
            ? TypedResults.Ok(new OfficeTransfersResponse(found.Inbound, found.Outbound))
            : (ProblemHttpResult)caseload.Result;
    }

    /// <summary>A new capacity for an office.</summary>
    public sealed record CapacityRequest(
        [property: System.ComponentModel.Description("How many open cases the office can carry; 0 closes it to transfers and intakes.")]
        [property: System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.Range(0, int.MaxValue)] int? Capacity);

    internal static async Task<Results<Ok<OfficeResponse>, ValidationProblem, ProblemHttpResult>> SetCapacity(string officeCode, CapacityRequest? body, IGrainFactory grains)
    {
        if (body?.Capacity is not >= 0)
        {
            return ProblemResults.Invalid(new Dictionary<string, string[]> { ["capacity"] = ["The capacity must be a whole number: 0 closes the office to transfers and intakes."] });
        }
        if (!OfficeCodes.IsWellFormed(officeCode))
        {
            return ProblemResults.NotFound("Office not found.", $"There is no office '{officeCode}'.");
        }
        return TypedResults.Ok(OfficeResponse.From(await grains.GetGrainByKey<IOfficeGrain>(officeCode).SetCapacityAsync(body.Capacity.Value)));
    }

    internal static async Task<Ok<OfficeResponse[]>> ListOffices(IGrainFactory grains)
    {
        var offices = await grains.GetGrain<IOfficeDirectoryGrain>(0).ListAsync();
        return TypedResults.Ok(offices.Select(OfficeResponse.From).ToArray());
    }

    internal static async Task<Results<Ok<OfficeResponse>, ProblemHttpResult>> GetOffice(string officeCode, IGrainFactory grains)
    {
        var notFound = ProblemResults.NotFound("Office not found.", $"There is no office '{officeCode}'.");
        if (!OfficeCodes.IsWellFormed(officeCode))
        {
            return notFound;
        }
        try
        {
            return TypedResults.Ok(OfficeResponse.From(await grains.GetGrainByKey<IOfficeGrain>(officeCode).GetAsync()));
        }
        catch (UnknownOfficeException)
        {
            return notFound;
        }
    }
}
