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

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
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

    private async Task RecordAsync(HttpContext http, IResult? answer, int status)
    {
        var caller = CallerMiddleware.Of(http);
        if (caller is null)
        {
            return;
        }
        var recordId = routeKey is not null ? http.Request.RouteValues[routeKey]?.ToString()
            : queryKey is not null && http.Request.Query.TryGetValue(queryKey, out var query) ? query.ToString()
            : null;
        if (recordId is null && answer?.GetType().GetProperty("Location")?.GetValue(answer) is string location)
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
        await trail.RecordAsync(new AuditEntry(
            clock.GetUtcNow(),
            caller.Name,
            caller.Role.ToString(),
            action,
            recordType,
            recordId,
            string.IsNullOrWhiteSpace(purpose) ? null : purpose,
            status,
            Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier));
    }
}

public static class AuditFilterExtensions
{
    /// <summary>
    /// Audits every call of this endpoint (or group) against a record of <paramref name="recordType"/>,
    /// identified by a route value, or by a query parameter for lists.
    /// </summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string recordType, string? routeKey = null, string? queryKey = null) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
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
