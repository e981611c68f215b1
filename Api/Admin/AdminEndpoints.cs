using Coordination.Api.Audit;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces.Directory;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Api.Admin;

/// <summary>Administration: maintenance of the read models.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/admin").WithTags("Administration").RequireCaller().RequireAuthorization(Policies.Administrator)
            .MapPost("/case-directory/check", CheckCaseDirectory)
            .Audited("case-directory")
            .WithName("CheckCaseDirectory")
            .WithSummary("Compare the case directory (lists and search) with every case's stored state and repair any drift")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    internal static async Task<Ok<CaseDirectoryCheck>> CheckCaseDirectory(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ICaseDirectoryGrain>(0).CheckAndRepairAsync());
}
