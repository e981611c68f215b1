using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Offices;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Api.Offices;

/// <summary>Offices: the list of field offices and each office's figures.</summary>
public static class OfficeEndpoints
{
    public static IEndpointRouteBuilder MapOfficeEndpoints(this IEndpointRouteBuilder routes)
    {
        var offices = routes.MapGroup("/offices").WithTags("Offices");

        offices.MapGet("/", ListOffices)
            .WithName("ListOffices")
            .WithSummary("List the field offices");

        offices.MapGet("/{officeCode}", GetOffice)
            .WithName("GetOffice")
            .WithSummary("Read an office by its code")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return routes;
    }

    internal static async Task<Ok<OfficeResponse[]>> ListOffices(IGrainFactory grains)
    {
        var offices = await grains.GetGrain<IOfficeDirectoryGrain>(0).ListAsync();
        return TypedResults.Ok(offices.Select(OfficeResponse.From).ToArray());
    }

    internal static async Task<Results<Ok<OfficeResponse>, ProblemHttpResult>> GetOffice(string officeCode, IGrainFactory grains)
    {
        var notFound = Problems.Problems.NotFound("Office not found.", $"There is no office '{officeCode}'.");
        if (!OfficeCodes.IsWellFormed(officeCode))
        {
            return notFound;
        }
        try
        {
            return TypedResults.Ok(OfficeResponse.From(await grains.GetGrain<IOfficeGrain>(officeCode).GetAsync()));
        }
        catch (UnknownOfficeException)
        {
            return notFound;
        }
    }
}
