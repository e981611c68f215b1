using Coordination.Api.Problems;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.Commands;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Api.Authorities;

/// <summary>Authorities: a liaison's inbox and the authority's turnaround figures.</summary>
public static class AuthorityEndpoints
{
    public static IEndpointRouteBuilder MapAuthorityEndpoints(this IEndpointRouteBuilder routes)
    {
        var authorities = routes.MapGroup("/authorities").WithTags("Authorities").RequireCaller();
        authorities.MapGet("/{authorityCode}", GetAuthority)
            .WithName("GetAuthorityInbox")
            .WithSummary("The referrals awaiting the authority's answer, and how fast it answers (overall and per office)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    /// <summary>The inbox holds case numbers and dates, no personal data: its liaison, operations and administrators see it.</summary>
    internal static async Task<Results<Ok<AuthoritySnapshot>, ProblemHttpResult>> GetAuthority(string authorityCode, Caller caller, IGrainFactory grains)
    {
        if (!AuthorityCodes.IsWellFormed(authorityCode))
        {
            return ProblemResults.NotFound("Authority not found.", "There is no authority with that code: one reads INM, DIF or CONSUL-COL.");
        }
        var mine = caller.Role == StaffRole.Liaison && caller.Authority == authorityCode;
        if (!mine && caller.Role is not (StaffRole.Operations or StaffRole.Administrator))
        {
            return caller.Role == StaffRole.Liaison
                ? ProblemResults.NotFound("Authority not found.", $"There is no authority '{authorityCode}' for you.")
                : TypedResults.Problem(title: "Not allowed.", detail: "Only the authority's liaison, operations and administrators see its inbox.", statusCode: StatusCodes.Status403Forbidden);
        }
        return TypedResults.Ok(await grains.GetGrainByKey<IAuthorityLiaisonGrain>(authorityCode).GetAsync());
    }
}
