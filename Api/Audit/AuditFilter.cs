using System.Diagnostics;
using Coordination.Api.Security;

namespace Coordination.Api.Audit;

/// <summary>
/// Audits an endpoint: after the handler decided its answer and before the answer is written, the
/// entry is committed; a request the domain refused is audited before its error is written. The
/// record is the route value (or, for lists, the query parameter) named by the endpoint, or, for a
/// creation, the last segment of the Location it answers. The purpose is the caller's
/// X-Audit-Purpose header.
/// </summary>
internal sealed class AuditFilter(AuditTrail trail, TimeProvider clock, string recordType, string? routeKey, string? queryKey) : IEndpointFilter
{
    public const string PurposeHeader = "X-Audit-Purpose";

    /// <summary>Record ids are codes and numbers; anything else a client sends is not kept.</summary>
    private const int MaxRecordIdLength = 100;

    /// <summary>The status of an attempt's entry, written before a change is made: its outcome follows in another entry.</summary>
    public const int Attempted = 0;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // A change is audited before it is made, and again with its outcome: if the outcome's entry
        // cannot be written, the change (which stands) still has its entry. If the attempt's entry
        // cannot be written, nothing is changed.
        if (!HttpMethods.IsGet(context.HttpContext.Request.Method) && !HttpMethods.IsHead(context.HttpContext.Request.Method))
        {
            await RecordAsync(context.HttpContext, null, Attempted, " (attempt)");
        }
        object? result;
        try
        {
            result = await next(context);
        }
        catch (Exception e)
        {
            // A refused command is audited too; the exception handler then writes the answer.
            await RecordAsync(context.HttpContext, null, Problems.DomainExceptionHandler.StatusOf(e) ?? StatusCodes.Status500InternalServerError);
            throw;
        }
        var answer = result is INestedHttpResult nested ? nested.Result : result as IResult;
        await RecordAsync(context.HttpContext, answer, (answer as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK);
        return result;
    }

    private async Task RecordAsync(HttpContext http, IResult? answer, int status, string? actionSuffix = null)
    {
        var location = answer?.GetType().GetProperty("Location")?.GetValue(answer) as string;
        if (Describe(http, new AuditedEndpoint(recordType, routeKey, queryKey), location, status, clock.GetUtcNow(), actionSuffix) is { } entry)
        {
            await trail.RecordAsync(entry);
        }
    }

    /// <summary>
    /// The audit entry for a request to an audited endpoint: the caller, the action, the record (a
    /// route value, a query parameter, or the last segment of a creation's Location), the purpose
    /// the caller gave, the answer's status. Null when the request has no caller.
    /// </summary>
    public static AuditEntry? Describe(HttpContext http, AuditedEndpoint audited, string? location, int status, DateTimeOffset at, string? actionSuffix = null)
    {
        var caller = CallerMiddleware.Of(http);
        if (caller is null)
        {
            return null;
        }
        var recordId = audited.RouteKey is not null ? http.Request.RouteValues[audited.RouteKey]?.ToString()
            : audited.QueryKey is not null && http.Request.Query.TryGetValue(audited.QueryKey, out var query) ? query.ToString()
            : null;
        if (recordId is null && location is not null)
        {
            recordId = location[(location.LastIndexOf('/') + 1)..];
        }
        if (recordId is not null && (recordId.Length > MaxRecordIdLength || !recordId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '*' or '_')))
        {
            recordId = null;
        }
        var endpoint = http.GetEndpoint();
        var action = endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
            ?? $"{http.Request.Method} {(endpoint as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path}";
        var purpose = new string(http.Request.Headers[PurposeHeader].ToString().Where(c => !char.IsControl(c)).Take(500).ToArray());
        return new AuditEntry(
            at,
            caller.Name,
            caller.Role.ToString(),
            action + actionSuffix,
            audited.RecordType,
            recordId,
            string.IsNullOrWhiteSpace(purpose) ? null : purpose,
            status,
            Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier);
    }
}

/// <summary>Marks an audited endpoint with what its audit entries name, for those who answer in its place (a replayed answer).</summary>
public sealed record AuditedEndpoint(string RecordType, string? RouteKey, string? QueryKey);

public static class AuditFilterExtensions
{
    /// <summary>
    /// Audits every call of this endpoint (or group) against a record of <paramref name="recordType"/>,
    /// identified by a route value, or by a query parameter for lists.
    /// </summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string recordType, string? routeKey = null, string? queryKey = null) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AuditedEndpoint(recordType, routeKey, queryKey)).AddEndpointFilterFactory((factory, next) =>
        {
            var filter = new AuditFilter(
                factory.ApplicationServices.GetRequiredService<AuditTrail>(),
                factory.ApplicationServices.GetRequiredService<TimeProvider>(),
                recordType,
                routeKey,
                queryKey);
            return invocation => filter.InvokeAsync(invocation, next);
        });
}
