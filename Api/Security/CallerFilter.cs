namespace Coordination.Api.Security;

/// <summary>
/// Resolves the <see cref="Caller"/> of an authenticated request once, for the handlers to take as a
/// parameter. A valid token without a known role, or without the office or authority its role
/// needs, is refused with 403.
/// </summary>
internal sealed class CallerFilter : IEndpointFilter
{
    private const string ItemKey = "coordination.caller";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var caller = Caller.From(context.HttpContext.User);
        if (caller is null)
        {
            return TypedResults.Problem(
                title: "The token does not say who the caller is.",
                detail: "A token needs a name, a role (caseworker, supervisor, liaison, operations, automation, administrator) and the office or authority the role works for.",
                statusCode: StatusCodes.Status403Forbidden);
        }
        context.HttpContext.Items[ItemKey] = caller;
        return await next(context);
    }

    public static Caller Of(HttpContext context) =>
        context.Items[ItemKey] as Caller ?? Caller.From(context.User) ?? throw new InvalidOperationException("No caller on this request.");
}

/// <summary>Lets handlers take the caller as a parameter.</summary>
public static class CallerBinding
{
    public static RouteGroupBuilder RequireCaller(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter<CallerFilter>();
        return group;
    }
}
