
namespace Coordination.Api.Problems;

/// <summary>
/// Refuses request bodies larger than any legitimate request (a registration is a few kilobytes)
/// with 413 before anything reads them. Kestrel enforces the same limit on bodies without a length.
/// </summary>
internal sealed class BodySizeLimitMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public const long MaxBodyBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await problems.WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "The request body is too large.",
                $"Request bodies are at most {MaxBodyBytes / 1024} KiB.");
            return;
        }
        await next(context);
    }
}
