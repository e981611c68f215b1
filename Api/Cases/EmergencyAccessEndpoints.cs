using Coordination.Api.Audit;
using Coordination.Api.Problems;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Offices;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Coordination.Api.Cases;

/// <summary>
/// Break-glass access (the DHIS2 pattern): in an emergency a supervisor opens a case of another
/// office, giving a reason. The access lasts the configured time (an hour by default), lets them
/// read the case and its history (not change it), is audited like every read, and is shown on the
/// case and in a list for the supervisors of the office that has the case.
/// </summary>
public static class EmergencyAccessEndpoints
{
    private const int MaxListed = 500;

    public static IEndpointRouteBuilder MapEmergencyAccessEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/cases").WithTags("Emergency access").RequireCaller().Audited("case", "caseNumber")
            .MapPost("/{caseNumber}/emergency-access", BreakGlass)
            .WithName("BreakGlass")
            .WithSummary("Open a case of another office in an emergency (supervisors, with a reason); the access ends after the configured time")
            .WithDescription("The case's own office sees who broke the glass and why, on the case (emergencyAccess) and in " +
                "GET /offices/{officeCode}/emergency-access. A supervisor of the office that has the case gets 409: it has access already.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        routes.MapGroup("/offices").WithTags("Emergency access").RequireCaller().Audited("office", "officeCode")
            .MapGet("/{officeCode}/emergency-access", ListForOffice)
            .WithName("ListEmergencyAccess")
            .WithSummary("Break-glass accesses to the office's cases, newest first (its supervisors; administrators)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    internal static async Task<Results<Ok<EmergencyAccessResponse>, ProblemHttpResult, ValidationProblem>> BreakGlass(
        string caseNumber, RequiredReasonRequest? body, Caller caller, HttpContext http, IGrainFactory grains)
    {
        if (caller.Role != StaffRole.Supervisor)
        {
            return TypedResults.Problem(title: "Not allowed.", detail: "Only a supervisor may break the glass on a case of another office.",
                statusCode: StatusCodes.Status403Forbidden);
        }
        if (!CaseCommands.TryOperationId(http, caller, out var operationId, out var invalidKey))
        {
            return invalidKey!;
        }
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            return CaseAccess.NotFound(caseNumber);
        }
        var grant = await grains.GetGrainByKey<ICaseGrain>(number.ToString()).GrantEmergencyAccessAsync(caller.Command(operationId), body?.Reason ?? "");
        return TypedResults.Ok(EmergencyAccessResponse.Of(number.ToString(), grant));
    }

    internal static async Task<Results<Ok<EmergencyAccessResponse[]>, ProblemHttpResult, ValidationProblem>> ListForOffice(
        string officeCode, bool? active, int? limit, Caller caller, IGrainFactory grains, NpgsqlDataSource database, TimeProvider clock)
    {
        if (!OfficeCodes.IsWellFormed(officeCode))
        {
            return ProblemResults.NotFound("Office not found.", $"There is no office '{officeCode}'.");
        }
        if (!(caller.Role == StaffRole.Administrator || (caller.Role == StaffRole.Supervisor && caller.Office == officeCode)))
        {
            return TypedResults.Problem(title: "Not allowed.", detail: $"Only supervisors of {officeCode} and administrators see who broke the glass on its cases.",
                statusCode: StatusCodes.Status403Forbidden);
        }
        if (limit is < 1 or > MaxListed)
        {
            return ProblemResults.Invalid(new Dictionary<string, string[]> { ["limit"] = [$"Between 1 and {MaxListed}."] });
        }
        await grains.GetGrainByKey<IOfficeGrain>(officeCode).GetAsync(); // an unknown office is a 404
        var now = clock.GetUtcNow();
        await using var command = database.CreateCommand("""
            SELECT case_number, granted_to, granted_to_office, reason, granted_at, expires_at
              FROM emergency_access
             WHERE office_code = $1 AND (NOT $2 OR expires_at > $3)
             ORDER BY granted_at DESC, case_number
             LIMIT $4
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = officeCode });
        command.Parameters.Add(new NpgsqlParameter { Value = active ?? false });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = limit ?? 100 });
        var grants = new List<EmergencyAccessResponse>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var expires = reader.GetFieldValue<DateTimeOffset>(5);
            grants.Add(new EmergencyAccessResponse(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), expires, expires > now));
        }
        return TypedResults.Ok(grants.ToArray());
    }
}
