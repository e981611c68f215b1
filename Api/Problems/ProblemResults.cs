using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Api.Problems;

/// <summary>The problem-details answers endpoints give for known conditions.</summary>
internal static class ProblemResults
{
    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static ValidationProblem Invalid(IReadOnlyDictionary<string, string[]> errors, string title = "The request has invalid fields.") =>
        TypedResults.ValidationProblem(errors, title: title);
}
