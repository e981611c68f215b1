using Coordination.Api.Problems;

namespace Coordination.Api.Security;

/// <summary>
/// Resolves the <see cref="Caller"/> of an authenticated request once, before the endpoint binds
/// its parameters, so that handlers can take it as a parameter. On an endpoint that needs a caller,
/// a valid token without exactly one known role, or without the office or authority its role
/// needs, is refused with 403.
/// </summary>
internal sealed class CallerMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    private const string ItemKey = "coordination.caller";

    public async Task InvokeAsync(HttpContext context)
    {
        var caller = context.User.Identity?.IsAuthenticated == true ? Caller.From(context.User) : null;
        if (caller is not null)
        {
            context.Items[ItemKey] = caller;
        }
        else if (context.GetEndpoint()?.Metadata.GetMetadata<CallerRequired>() is not null)
        {
            await problems.WriteProblemAsync(context, StatusCodes.Status403Forbidden, "The token does not say who the caller is.",
                "A token needs a subject, exactly one role (caseworker, supervisor, liaison, operations, automation, administrator) and the office or authority the role works for.");
            return;
        }
        await next(context);
    }

    /// <summary>The caller this middleware resolved, if the token named one.</summary>
    public static Caller? Of(HttpContext context) => context.Items[ItemKey] as Caller;
}

/// <summary>Marks endpoints whose handlers take the <see cref="Caller"/>.</summary>
internal sealed class CallerRequired;

/// <summary>Lets handlers take the caller as a parameter.</summary>
public static class CallerBinding
{
    public static RouteGroupBuilder RequireCaller(this RouteGroupBuilder group) => group.WithMetadata(new CallerRequired());
}
