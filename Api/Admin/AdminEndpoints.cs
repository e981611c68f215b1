using Coordination.Api.Audit;
using Coordination.Api.Problems;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces.EventLog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Api.Admin;

/// <summary>Administration: the event log's progress, and rebuilding a read model from the log.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin").WithTags("Administration").RequireCaller();

        admin.MapGet("/event-log", GetEventLog)
            .RequireAuthorization(Policies.Operations)
            .WithName("GetEventLogStatus")
            .WithSummary("How far each projection and reaction has read the event log (no personal data)")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        admin.MapPost("/projections/{projection}/rebuild", RebuildProjection)
            .RequireAuthorization(Policies.Administrator)
            .Audited("projection", "projection")
            .WithName("RebuildProjection")
            .WithSummary("Empty a read model (cases, referrals) and read the whole event log into it again")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    internal static async Task<Ok<EventLogStatus>> GetEventLog(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IEventLogGrain>(0).GetStatusAsync());

    internal static async Task<Results<Accepted<RebuildResponse>, ProblemHttpResult>> RebuildProjection(string projection, IGrainFactory grains) =>
        projection.Length <= 64 && !projection.Any(char.IsControl) && await grains.GetGrain<IEventLogGrain>(0).RebuildAsync(projection)
            ? TypedResults.Accepted("/admin/event-log", new RebuildResponse(projection, "The projection is being read again from the start of the event log; follow its progress at /admin/event-log."))
            : ProblemResults.NotFound("Projection not found.", $"There is no projection '{new string(projection.Where(c => !char.IsControl(c)).Take(64).ToArray())}'.");

    /// <summary>A rebuild that has started.</summary>
    public sealed record RebuildResponse(string Projection, string Detail);
}
