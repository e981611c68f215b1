using Coordination.Api.Problems;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Api.Security;

public static class AuthenticationSetup
{
    /// <summary>JWT bearer authentication from <see cref="TokenOptions"/>; every endpoint requires it unless it says otherwise.</summary>
    public static WebApplicationBuilder AddCoordinationAuthentication(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TokenOptions.Section).Get<TokenOptions>() ?? new();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<TokenMinter>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.Events = new JwtBearerEvents { OnMessageReceived = DashboardToken, OnChallenge = InvalidTokenAnswer };
            if (!string.IsNullOrWhiteSpace(options.Authority))
            {
                jwt.Authority = options.Authority;
                jwt.Audience = options.Audience;
                return;
            }
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidAudience = options.Audience,
                IssuerSigningKey = TokenMinter.SigningKey(options),
                NameClaimType = CoordinationClaims.Name,
                RoleClaimType = CoordinationClaims.Role,
                ClockSkew = TimeSpan.FromMinutes(1),
            };
        });
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).PostConfigure<TimeProvider>((jwt, clock) =>
        {
            // After MapInboundClaims was applied to the built-in handler: wrap it in a cache of validated tokens.
            var handlers = jwt.TokenHandlers.Select(h => h is ValidatedTokenCache ? h : new ValidatedTokenCache(h, clock)).ToList();
            jwt.TokenHandlers.Clear();
            handlers.ForEach(jwt.TokenHandlers.Add);
        });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Administrator, p => p.RequireClaim(CoordinationClaims.Role, "administrator"))
            .AddPolicy(Policies.Operations, p => p.RequireClaim(CoordinationClaims.Role, "operations", "administrator"));
        return builder;
    }

    /// <summary>
    /// A 401 says only that a token is needed or that the one sent is not valid: not why (expired,
    /// unknown key, audience), which would help someone forging tokens more than anyone else.
    /// </summary>
    private static async Task InvalidTokenAnswer(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        if (IsOperationsPage(context.Request.Path) && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            // A person in a browser: to the sign-in page, and back here afterwards.
            context.Response.Redirect($"/sign-in?return={Uri.EscapeDataString(context.Request.Path + context.Request.QueryString)}");
            return;
        }
        var presented = context.AuthenticateFailure is not null || context.Request.Headers.Authorization.Count > 0;
        context.Response.Headers.WWWAuthenticate = presented ? "Bearer error=\"invalid_token\"" : "Bearer";
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteProblemAsync(
            context.HttpContext, StatusCodes.Status401Unauthorized, presented ? "The bearer token is not valid." : "A bearer token is required.");
    }

    /// <summary>The cookie that carries an operations token for the operations pages' own requests.</summary>
    public const string DashboardCookie = "coordination_dashboard";

    /// <summary>
    /// The pages for operations that a browser opens after signing in: the Orleans dashboard and the
    /// figures page. The sign-in cookie is set once for each of these paths and read only under them.
    /// </summary>
    public static readonly IReadOnlyList<string> OperationsPages = ["/dashboard", "/ops"];

    public static bool IsOperationsPage(PathString path) => OperationsPages.Any(page => path.StartsWithSegments(page));

    /// <summary>
    /// A browser cannot send a bearer header to the operations pages: the token it signed in with at
    /// <c>/sign-in</c> comes in an HTTP-only cookie scoped to those pages' paths.
    /// </summary>
    private static Task DashboardToken(MessageReceivedContext context)
    {
        if (!IsOperationsPage(context.Request.Path))
        {
            return Task.CompletedTask;
        }
        if (context.Request.Cookies.TryGetValue(DashboardCookie, out var fromCookie) && context.Request.Headers.Authorization.Count == 0)
        {
            context.Token = fromCookie;
        }
        return Task.CompletedTask;
    }
}

public static class Policies
{
    public const string Administrator = "administrator";
    public const string Operations = "operations";
}
