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
            .WithDescription("With wait=N (seconds, at most 20), answers once every projection and reaction has applied everything " +
                "committed before the request, or after N seconds, whichever comes first: a script can read its own writes in lists and caseloads.")
            .ProducesValidationProblem()
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

    internal static async Task<Results<Ok<EventLogStatus>, ValidationProblem>> GetEventLog(IGrainFactory grains, [System.ComponentModel.DataAnnotations.Range(0, MaxWaitSeconds)] int? wait)
    {
        if (wait is < 0 or > MaxWaitSeconds)
        {
            return ProblemResults.Invalid(new Dictionary<string, string[]> { ["wait"] = [$"Wait between 0 and {MaxWaitSeconds} seconds."] });
        }
        if (wait is > 0)
        {
            await grains.GetGrain<IEventLogGrain>(0).WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(wait.Value));
        }
        return TypedResults.Ok(await grains.GetGrain<IEventLogGrain>(0).GetStatusAsync());
    }

    private const int MaxWaitSeconds = 20;

    internal static async Task<Results<Accepted<RebuildResponse>, ProblemHttpResult>> RebuildProjection(string projection, IGrainFactory grains) =>
        projection.Length <= 64 && !projection.Any(char.IsControl) && await grains.GetGrain<IEventLogGrain>(0).RebuildAsync(projection)
            ? TypedResults.Accepted("/admin/event-log", new RebuildResponse(projection, "The projection is being read again from the start of the event log; follow its progress at /admin/event-log."))
            : ProblemResults.NotFound("Projection not found.", $"There is no projection '{new string(projection.Where(c => !char.IsControl(c)).Take(64).ToArray())}'.");

    /// <summary>A rebuild that has started.</summary>
    public sealed record RebuildResponse(string Projection, string Detail);
}
