using Coordination.Grains.Interfaces.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Coordination.Api.Problems;

/// <summary>
/// Turns the domain's refusals into the answers the API promises: 409 naming the current status and
/// the actions allowed now, 412 for a stale version, 400 naming bad fields, 404 for unknown ids,
/// 503 with Retry-After for a registration that lost a race for its number.
/// </summary>
internal sealed class DomainExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    /// <summary>The status a domain error is answered with, or null for anything else.</summary>
    public static int? StatusOf(Exception exception) => exception switch
    {
        CaseActionRefusedException or ReferralActionRefusedException or OfficeAtCapacityException or DataProtectionRefusedException => StatusCodes.Status409Conflict,
        CaseAlreadyRegisteredException => StatusCodes.Status503ServiceUnavailable,
        StaleCaseVersionException => StatusCodes.Status412PreconditionFailed,
        StorageUnavailableException => StatusCodes.Status503ServiceUnavailable,
        _ when DatabaseFailures.IsUnavailable(exception) => StatusCodes.Status503ServiceUnavailable,
        InvalidCaseDataException => StatusCodes.Status400BadRequest,
        UnknownCaseException or UnknownReferralException or UnknownOfficeException or UnknownAuthorityException => StatusCodes.Status404NotFound,
        _ => null,
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            CaseActionRefusedException refused => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = $"The case is {refused.Status}: {refused.Action} is not allowed now.",
                Detail = refused.Message,
                Extensions =
                {
                    ["caseNumber"] = refused.CaseNumber,
                    ["currentStatus"] = refused.Status.ToString(),
                    ["action"] = refused.Action.ToString(),
                    ["reason"] = refused.Reason,
                    ["allowedActions"] = refused.AllowedActions.Select(a => a.ToString()).ToArray(),
                },
            },
            ReferralActionRefusedException refused => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = $"The referral is {refused.Status}: {refused.Action} is not allowed now.",
                Detail = refused.Message,
                Extensions =
                {
                    ["referralId"] = refused.ReferralId,
                    ["currentStatus"] = refused.Status.ToString(),
                    ["allowedActions"] = refused.AllowedActions.Select(a => a.ToString()).ToArray(),
                },
            },
            DataProtectionRefusedException refused => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = $"The case does not allow {refused.Request} now.",
                Detail = refused.Message,
                Extensions = { ["caseNumber"] = refused.CaseNumber, ["reason"] = refused.Reason },
            },
            OfficeAtCapacityException full => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = $"Office {full.OfficeCode} is full.",
                Detail = full.Message,
                Extensions = { ["capacity"] = full.Capacity, ["openCases"] = full.OpenCases },
            },
            // Transient: nothing was registered and a 5xx is not kept as the key's answer, so the same request sent again gets the next number.
            CaseAlreadyRegisteredException taken => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The case number given out was taken by another registration at the same moment.",
                Detail = "Nothing was registered by this request: send it again (with the same Idempotency-Key) and it gets the next number.",
                Extensions = { ["caseNumber"] = taken.CaseNumber },
            },
            StaleCaseVersionException stale => new ProblemDetails
            {
                Status = StatusCodes.Status412PreconditionFailed,
                Title = "The case changed since it was read.",
                Detail = stale.Message,
                Extensions = { ["currentVersion"] = stale.CurrentVersion, ["currentETag"] = ETags.Of(stale.CurrentVersion) },
            },
            InvalidCaseDataException invalid => new HttpValidationProblemDetails(invalid.Errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request has invalid fields.",
            },
            UnknownCaseException or UnknownReferralException or UnknownOfficeException or UnknownAuthorityException => new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "Not found.",
                Detail = exception.Message,
            },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
