using System.Text;
using Microsoft.Net.Http.Headers;

namespace Coordination.Api.Problems;

/// <summary>
/// Refuses a body whose Content-Type names a charset this API cannot decode (<c>charset=nonsense</c>)
/// with 415, before a JSON reader would fail on it; bodies are read as UTF-8 and the charsets .NET knows.
/// </summary>
internal sealed class RequestCharsetMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType is { } contentType
            && MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && mediaType.Charset is { Length: > 0 } charset
            && !IsKnown(charset.Value!))
        {
            await problems.WriteProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "The request body's charset is not supported.",
                "Send JSON as UTF-8 (Content-Type: application/json; charset=utf-8, or no charset).");
            return;
        }
        await next(context);
    }

    private static bool IsKnown(string charset)
    {
        try
        {
            Encoding.GetEncoding(charset.Trim('"'));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
