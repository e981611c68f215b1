using Coordination.Api.Problems;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Api.Cases;

/// <summary>
/// The path every case command takes through the API: check the If-Match and Idempotency-Key
/// headers, check the caller may work the case, send the command with the expected version and an
/// operation id, and answer the case with its new ETag.
/// </summary>
internal static class CaseCommands
{
    public const int MaxIdempotencyKeyLength = 200;
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The operation id of a request: its Idempotency-Key, scoped to the caller, or a fresh one.</summary>
    public static bool TryOperationId(HttpContext http, Caller caller, out string operationId, out ValidationProblem? invalid)
    {
        invalid = null;
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (!http.Request.Headers.ContainsKey(IdempotencyKeyHeader))
        {
            operationId = Guid.NewGuid().ToString("N");
            return true;
        }
        operationId = "";
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxIdempotencyKeyLength)
        {
            invalid = ProblemResults.Invalid(
                new Dictionary<string, string[]> { [IdempotencyKeyHeader] = [$"The Idempotency-Key header must be 1 to {MaxIdempotencyKeyLength} characters."] },
                "The request has an invalid header.");
            return false;
        }
        operationId = $"{caller.Name}:{key}";
        return true;
    }

    // The gate is a further check on the caller (e.g. supervisors only), made after the access
    // check so that it never tells a caller about a case they may not know exists.
    public static async Task<Results<Ok<CaseResponse>, ProblemHttpResult, ValidationProblem>> RunAsync(
        HttpContext http, string caseNumber, Caller caller, IGrainFactory grains,
        Func<ICaseGrain, CommandContext, Task<CaseSnapshot>> command, Func<Caller, ProblemHttpResult?>? gate = null)
    {
        if (!ETags.TryExpectedVersion(http.Request.Headers.IfMatch, out var expectedVersion))
        {
            return ProblemResults.Invalid(
                new Dictionary<string, string[]> { ["If-Match"] = ["If-Match must be one entity tag of this case, e.g. \"7\", as sent in its ETag."] },
                "The request has an invalid header.");
        }
        if (!TryOperationId(http, caller, out var operationId, out var invalid))
        {
            return invalid!;
        }
        var (current, denied) = await CaseAccess.LoadAsync(grains, caller, caseNumber, CaseAccess.Write);
        if ((denied ?? gate?.Invoke(caller)) is { } refusal)
        {
            return refusal;
        }
        var changed = await command(grains.GetGrainByKey<ICaseGrain>(current!.CaseNumber.ToString()), caller.Command(operationId, expectedVersion));
        http.Response.Headers.ETag = ETags.Of(changed.Version);
        return TypedResults.Ok(CaseResponse.From(changed));
    }

    /// <summary>A gate for actions only supervisors take.</summary>
    public static Func<Caller, ProblemHttpResult?> SupervisorsOnly(string what) => caller =>
        caller.Role == StaffRole.Supervisor
            ? null
            : TypedResults.Problem(title: "Supervisors only.", detail: $"Only a supervisor may {what}.", statusCode: StatusCodes.Status403Forbidden);

    /// <summary>400 naming the fields that are missing from a body.</summary>
    public static ValidationProblem? Missing(params (bool Present, string Field, string Message)[] fields)
    {
        var missing = fields.Where(f => !f.Present).ToDictionary(f => f.Field, f => new[] { f.Message });
        return missing.Count == 0 ? null : ProblemResults.Invalid(missing);
    }
}
