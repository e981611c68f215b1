using System.Diagnostics;
using Coordination.Api.Security;

namespace Coordination.Api.Audit;

/// <summary>
/// Audits an endpoint: after the handler decided its answer and before the answer is written, the
/// entry is committed. The record is the route value named by the endpoint, or, for a creation,
/// the last segment of the Location it answers. The purpose is the caller's X-Audit-Purpose header.
/// </summary>
internal sealed class AuditFilter(AuditTrail trail, TimeProvider clock, string recordType, string? routeKey) : IEndpointFilter
{
    public const string PurposeHeader = "X-Audit-Purpose";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var answer = result is INestedHttpResult nested ? nested.Result : result as IResult;
        var http = context.HttpContext;
        var caller = Caller.From(http.User);
        if (caller is null)
        {
            return result;
        }
        var status = (answer as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        var recordId = routeKey is null ? null
            : http.Request.RouteValues[routeKey]?.ToString() ?? (http.Request.Query.TryGetValue(routeKey, out var query) ? query.ToString() : null);
        if (recordId is null && answer?.GetType().GetProperty("Location")?.GetValue(answer) is string location)
        {
            recordId = location[(location.LastIndexOf('/') + 1)..];
        }
        var endpoint = http.GetEndpoint();
        var action = endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
            ?? $"{http.Request.Method} {(endpoint as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path}";
        var purpose = http.Request.Headers[PurposeHeader].ToString();
        await trail.RecordAsync(new AuditEntry(
            clock.GetUtcNow(),
            caller.Name,
            caller.Role.ToString(),
            action,
            recordType,
            recordId,
            string.IsNullOrWhiteSpace(purpose) ? null : purpose[..Math.Min(purpose.Length, 500)],
            status,
            Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier));
        return result;
    }
}

public static class AuditFilterExtensions
{
    /// <summary>Audits every call of this endpoint (or group) against a record of <paramref name="recordType"/>.</summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string recordType, string? routeKey = null) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var filter = new AuditFilter(
                factory.ApplicationServices.GetRequiredService<AuditTrail>(),
                factory.ApplicationServices.GetRequiredService<TimeProvider>(),
                recordType,
                routeKey);
            return invocation => filter.InvokeAsync(invocation, next);
        });
}
