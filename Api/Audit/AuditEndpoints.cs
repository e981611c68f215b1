using System.ComponentModel.DataAnnotations;
using Coordination.Api.Cases;
using Coordination.Api.Problems;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Coordination.Api.Audit;

/// <summary>The audit log: administrators query it freely; supervisors ask about the cases their office may see.</summary>
public static class AuditEndpoints
{
    public const int MaxLimit = 500;
    public const int MaxFilterLength = 200;

    /// <summary>An audit entry as the API returns it.</summary>
    public sealed record AuditEntryResponse(long Id, DateTimeOffset At, string Actor, string Role, string Action, string RecordType, string? RecordId, string? Purpose, int StatusCode);

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/audit").WithTags("Audit").RequireCaller()
            .MapGet("/", QueryAudit)
            .WithName("QueryAudit")
            .WithSummary("Who did or read what, when and why: filter by record, actor and time")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    internal static async Task<Results<Ok<AuditEntryResponse[]>, ValidationProblem, ProblemHttpResult>> QueryAudit(
        Caller caller, IGrainFactory grains, NpgsqlDataSource database,
        [MaxLength(MaxFilterLength), RegularExpression(TextRules.ShortTextPattern)] string? recordId,
        [MaxLength(MaxFilterLength), RegularExpression(TextRules.ShortTextPattern)] string? actor,
        DateTimeOffset? from, DateTimeOffset? to, [Range(1, MaxLimit)] int? limit)
    {
        if (caller.Role == StaffRole.Supervisor)
        {
            if (string.IsNullOrWhiteSpace(recordId))
            {
                return ProblemResults.Invalid(new Dictionary<string, string[]> { ["recordId"] = ["Supervisors query the audit of one case of their office at a time."] });
            }
            // The office that has the case: a supervisor who broke the glass reads the case, not who else did.
            var (_, denied) = await CaseAccess.LoadAsync(grains, caller, recordId, CaseAccess.Write);
            if (denied is not null)
            {
                return denied;
            }
        }
        else if (caller.Role != StaffRole.Administrator)
        {
            return TypedResults.Problem(title: "Not allowed.", detail: "Only supervisors and administrators read the audit log.", statusCode: StatusCodes.Status403Forbidden);
        }
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"The limit is between 1 and {MaxLimit}."];
        }
        foreach (var (name, value) in new[] { ("recordId", recordId), ("actor", actor) })
        {
            if (value is { Length: > MaxFilterLength } || (value?.Any(char.IsControl) ?? false))
            {
                errors[name] = [$"At most {MaxFilterLength} characters, without control characters."];
            }
        }
        if (errors.Count > 0)
        {
            return ProblemResults.Invalid(errors);
        }

        // Only the filters the request has, so that each shape of query uses its index (record, actor, time).
        var conditions = new List<string>();
        await using var command = database.CreateCommand();
        if (recordId is not null)
        {
            conditions.Add("record_id = @record");
            command.Parameters.AddWithValue("record", NpgsqlTypes.NpgsqlDbType.Text, recordId);
        }
        if (actor is not null)
        {
            conditions.Add("actor = @actor");
            command.Parameters.AddWithValue("actor", NpgsqlTypes.NpgsqlDbType.Text, actor);
        }
        if (from is not null)
        {
            conditions.Add("at >= @from");
            command.Parameters.AddWithValue("from", NpgsqlTypes.NpgsqlDbType.TimestampTz, from.Value.ToUniversalTime());
        }
        if (to is not null)
        {
            conditions.Add("at < @to");
            command.Parameters.AddWithValue("to", NpgsqlTypes.NpgsqlDbType.TimestampTz, to.Value.ToUniversalTime());
        }
        command.CommandText = $"""
            SELECT id, at, actor, role, action, record_type, record_id, purpose, status_code
              FROM audit_log
             {(conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions))}
             ORDER BY at DESC, id DESC
             LIMIT @limit
            """;
        command.Parameters.AddWithValue("limit", limit ?? 100);
        return TypedResults.Ok(await ReadEntriesAsync(command));
    }

    /// <summary>Every audit entry about these records, oldest first (a subject access export).</summary>
    internal static async Task<AuditEntryResponse[]> ForRecordsAsync(NpgsqlDataSource database, string[] recordIds)
    {
        await using var command = database.CreateCommand("""
            SELECT id, at, actor, role, action, record_type, record_id, purpose, status_code
              FROM audit_log
             WHERE record_id = ANY(@records)
             ORDER BY at, id
            """);
        command.Parameters.AddWithValue("records", recordIds);
        return await ReadEntriesAsync(command);
    }

    /// <summary>Reads the rows of a query that selects id, at, actor, role, action, record_type, record_id, purpose, status_code.</summary>
    private static async Task<AuditEntryResponse[]> ReadEntriesAsync(NpgsqlCommand command)
    {
        var entries = new List<AuditEntryResponse>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new AuditEntryResponse(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt32(8)));
        }
        return [.. entries];
    }
}
