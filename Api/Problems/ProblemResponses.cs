using Microsoft.AspNetCore.Mvc;

namespace Coordination.Api.Problems;

/// <summary>Answers from middleware (before or instead of an endpoint) as problem details.</summary>
internal static class ProblemResponses
{
    /// <summary>Sets the status and writes a problem with it.</summary>
    public static Task WriteProblemAsync(this IProblemDetailsService problems, HttpContext context, int status, string title, string? detail = null)
    {
        context.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
