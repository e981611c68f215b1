using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Coordination.Api.Problems;

/// <summary>
/// Writes a problem as application/problem+json when the request's Accept header names only other
/// types (text/html, application/xml, garbage). ASP.NET Core's own writer declines such requests,
/// and a problem nobody writes becomes a 500; HTTP lets an error answer use a type the client did
/// not ask for. Registered after the built-in writer, so it only answers what that one declines.
/// </summary>
internal sealed class ProblemJsonFallbackWriter(IOptions<JsonOptions> json, IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var response = context.HttpContext.Response;
        var problem = context.ProblemDetails;
        problem.Status ??= response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        var typeInfo = json.Value.SerializerOptions.GetTypeInfo(problem.GetType());
        return new ValueTask(response.WriteAsJsonAsync(problem, typeInfo, "application/problem+json", context.HttpContext.RequestAborted));
    }
}
