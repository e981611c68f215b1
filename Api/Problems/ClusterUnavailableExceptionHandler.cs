using Coordination.Grains.Interfaces.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Coordination.Api.Problems;

/// <summary>
/// When no silo answers (all down, restarting, or a call timed out), or a silo cannot reach
/// PostgreSQL, the client is told to retry later with a 503 and Retry-After, rather than seeing an
/// unexplained 500. Nothing unacknowledged was kept, and retries with the same Idempotency-Key are safe.
/// </summary>
internal sealed class ClusterUnavailableExceptionHandler(IProblemDetailsService problemDetails, ILogger<ClusterUnavailableExceptionHandler> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (title, detail) = exception switch
        {
            StorageUnavailableException storage => ("The case database is not available right now.",
                $"{storage.Cause}. Nothing was changed that was not acknowledged; the request may be retried, and writes are safe to retry with the same Idempotency-Key."),
            _ when DatabaseFailures.IsUnavailable(exception) => ("The case database is not available right now.",
                $"{DatabaseFailures.Describe(exception)}. The request may be retried; writes are safe to retry with the same Idempotency-Key."),
            OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException or TimeoutException => (
                "The case coordination cluster is not available right now.",
                "No silo answered in time. The request may be retried; writes are safe to retry with the same Idempotency-Key."),
            _ => (null, null),
        };
        if (title is null)
        {
            return false;
        }
        logger.LogWarning(exception, "Service unavailable for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = title,
                Detail = detail,
            },
            Exception = exception,
        });
    }
}
