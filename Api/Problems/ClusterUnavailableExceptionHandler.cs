using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Coordination.Api.Problems;

/// <summary>
/// When no silo answers (all down, restarting, or a call timed out) the client is told to retry
/// later with a 503, rather than seeing an unexplained 500.
/// </summary>
internal sealed class ClusterUnavailableExceptionHandler(IProblemDetailsService problemDetails, ILogger<ClusterUnavailableExceptionHandler> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException or TimeoutException))
        {
            return false;
        }
        logger.LogWarning(exception, "The cluster did not answer {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The case coordination cluster is not available right now.",
                Detail = "No silo answered in time. The request may be retried; writes are safe to retry with the same Idempotency-Key.",
            },
            Exception = exception,
        });
    }
}
