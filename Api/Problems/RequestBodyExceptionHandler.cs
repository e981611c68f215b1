using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace Coordination.Api.Problems;

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, a value of the wrong type, an
/// oversize body) into problem details that name the field at fault, instead of an empty 400 or a 500.
/// </summary>
internal sealed partial class RequestBodyExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    // How ASP.NET Core reports a query or route value it could not convert.
    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"(?:[^\"]*\\s)?(?<name>\\w+)\" from \"(?<value>[^\"]*)\"")]
    private static partial System.Text.RegularExpressions.Regex BindingFailure { get; }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        // The exception handler middleware clears the endpoint before handlers run; its feature keeps it.
        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint();
        var bodyType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var problem = badRequest.InnerException switch
        {
            JsonException json when JsonFieldDescriber.IsSyntaxError(json) => new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [JsonFieldDescriber.FieldOf(json.Path)] = [$"The request body is not well-formed JSON (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1})."],
            })
            {
                Title = "The request body is not valid JSON.",
            },
            JsonException json => new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [JsonFieldDescriber.FieldOf(json.Path)] = [JsonFieldDescriber.Expectation(bodyType, json.Path)],
            })
            {
                Title = "One or more fields have a value of the wrong type.",
            },
            _ when BindingFailure.Match(badRequest.Message) is { Success: true } failure => new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [failure.Groups["name"].Value] = [$"'{failure.Groups["value"].Value}' is not a valid value for {failure.Groups["name"].Value}."],
            })
            {
                Title = "A parameter has a value of the wrong type.",
            },
            _ => new HttpValidationProblemDetails
            {
                Title = badRequest.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                    StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON (Content-Type: application/json).",
                    _ => "The request could not be read.",
                },
                Detail = badRequest.Message,
            },
        };
        problem.Status = badRequest.StatusCode;
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }
}
