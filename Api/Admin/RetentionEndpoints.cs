using Coordination.Api.Security;
using Coordination.Grains.Interfaces.Retention;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Api.Admin;

/// <summary>The retention policy in force and the retention job's last round (no personal data).</summary>
public static class RetentionEndpoints
{
    public static IEndpointRouteBuilder MapRetentionEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/admin").WithTags("Administration").RequireCaller()
            .MapGet("/retention", GetRetention)
            .RequireAuthorization(Policies.Operations)
            .WithName("GetRetention")
            .WithSummary("How long personal data of ended cases is kept, how often the retention job runs, and how its last round went")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    /// <summary>The retention policy and the job's last round (null until it has run in this activation).</summary>
    public sealed record RetentionResponse(double EndedCasesKeptForDays, double RunEveryHours, RetentionRun? LastRun);

    internal static async Task<Ok<RetentionResponse>> GetRetention(IGrainFactory grains)
    {
        var status = await grains.GetGrain<IRetentionGrain>(0).GetStatusAsync();
        return TypedResults.Ok(new RetentionResponse(status.EndedCasesKeptFor.TotalDays, status.RunEvery.TotalHours, status.LastRun));
    }
}
