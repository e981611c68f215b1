using System.Net;
using System.Security.Claims;
using Coordination.Api.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Coordination.Api.Dashboard;

/// <summary>
/// How a browser reaches the pages for operations (the figures at /ops, the Orleans dashboard): a sign-in page that takes
/// an operations or administrator token in a form (never in a URL, where proxies, logs and browser
/// history keep it), checks it as the API checks any bearer token, and keeps it in an HTTP-only,
/// same-site cookie (Secure when the request came over HTTPS, also through a proxy that says so)
/// until the token expires and at most <see cref="MaxSession"/>; and a sign-out that forgets it.
/// </summary>
public static class SignInEndpoints
{
    public static readonly TimeSpan MaxSession = TimeSpan.FromHours(8);
    private const string DefaultReturn = "/dashboard/";

    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/sign-in", (string? @return) => Page(Safe(@return), error: null))
            .AllowAnonymous().ExcludeFromDescription();
        routes.MapPost("/sign-in", SignInAsync).AllowAnonymous().ExcludeFromDescription();
        routes.MapPost("/sign-out", (HttpContext http) =>
        {
            foreach (var page in AuthenticationSetup.OperationsPages)
            {
                http.Response.Cookies.Delete(AuthenticationSetup.DashboardCookie, CookieOptions(http, page));
            }
            return Results.Redirect("/sign-in");
        }).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    private static async Task<IResult> SignInAsync(HttpContext http, TimeProvider clock)
    {
        if (!http.Request.HasFormContentType || IsCrossSite(http.Request))
        {
            return Results.Problem(title: "Sign in from the sign-in page.", statusCode: StatusCodes.Status400BadRequest);
        }
        var form = await http.Request.ReadFormAsync();
        var returnTo = Safe(form["return"]);
        var token = form["token"].ToString().Trim();
        if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = token[7..].Trim();
        }
        if (token.Length is 0 or > 8_000 || token.Any(char.IsControl))
        {
            return Page(returnTo, "Paste the whole token.", StatusCodes.Status400BadRequest);
        }

        var principal = await ValidateAsync(http, token);
        var caller = principal is null ? null : Caller.From(principal);
        if (caller is null)
        {
            return Page(returnTo, "That token is not valid.", StatusCodes.Status401Unauthorized);
        }
        if (caller.Role is not (Grains.Interfaces.Commands.StaffRole.Operations or Grains.Interfaces.Commands.StaffRole.Administrator))
        {
            return Page(returnTo, "These pages are for operations and administrators.", StatusCodes.Status403Forbidden);
        }
        var expires = ExpiryOf(principal!) ?? clock.GetUtcNow() + MaxSession;
        foreach (var page in AuthenticationSetup.OperationsPages)
        {
            var options = CookieOptions(http, page);
            options.Expires = expires < clock.GetUtcNow() + MaxSession ? expires : clock.GetUtcNow() + MaxSession;
            http.Response.Cookies.Append(AuthenticationSetup.DashboardCookie, token, options);
        }
        return Results.Redirect(returnTo);
    }

    /// <summary>Checks the token with the bearer scheme's own handlers and parameters (and, with an identity provider, its current keys).</summary>
    private static async Task<ClaimsPrincipal?> ValidateAsync(HttpContext http, string token)
    {
        var jwt = http.RequestServices.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var parameters = jwt.TokenValidationParameters.Clone();
        if (jwt.ConfigurationManager is { } provider)
        {
            var configuration = await provider.GetConfigurationAsync(http.RequestAborted);
            parameters.ValidIssuers = [.. parameters.ValidIssuers ?? [], configuration.Issuer];
            parameters.IssuerSigningKeys = [.. parameters.IssuerSigningKeys ?? [], .. configuration.SigningKeys];
        }
        foreach (var handler in jwt.TokenHandlers)
        {
            var result = await handler.ValidateTokenAsync(token, parameters);
            if (result.IsValid)
            {
                return new ClaimsPrincipal(result.ClaimsIdentity);
            }
        }
        return null;
    }

    private static CookieOptions CookieOptions(HttpContext http, string page) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = page,
        IsEssential = true,
    };

    private static DateTimeOffset? ExpiryOf(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue("exp"), out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>Only this API's own operations pages are a place to return to.</summary>
    private static string Safe(string? returnTo) =>
        returnTo is { Length: <= 200 } path && AuthenticationSetup.OperationsPages.Any(page => path == page || path.StartsWith(page + "/", StringComparison.Ordinal) || path.StartsWith(page + "?", StringComparison.Ordinal))
            && !path.Contains("//", StringComparison.Ordinal)
            && !path.Contains('\\') && !path.Any(char.IsControl)
            ? path : DefaultReturn;

    /// <summary>A form posted from another site (a browser says so in Sec-Fetch-Site or Origin) is not a sign-in.</summary>
    private static bool IsCrossSite(HttpRequest request) =>
        request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site"
        || (request.Headers.Origin.ToString() is { Length: > 0 } origin && origin != $"{request.Scheme}://{request.Host}");

    private static IResult Page(string returnTo, string? error, int status = StatusCodes.Status200OK) => Results.Content($$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Sign in · Coordination operations</title>
          <style>
            body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 2rem 1rem; background: #f4f5f7; color: #1b1f24; }
            main { max-width: 32rem; margin: 0 auto; background: #fff; padding: 1.5rem; border-radius: 8px; border: 1px solid #d0d4da; }
            label { display: block; font-weight: 600; margin-bottom: .25rem; }
            textarea { width: 100%; box-sizing: border-box; min-height: 7rem; font: 14px/1.4 monospace; padding: .5rem; border: 1px solid #6b7280; border-radius: 4px; }
            button { margin-top: 1rem; padding: .6rem 1.2rem; font: inherit; background: #0b5cad; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
            button:focus, textarea:focus { outline: 3px solid #f0b400; outline-offset: 2px; }
            .error { color: #a11d1d; font-weight: 600; }
            .secondary { background: #4b5563; }
          </style>
        </head>
        <body>
          <main>
            <h1>Coordination operations</h1>
            <p>Paste an operations or administrator token to open the operations pages: the <a href="/ops">figures</a> and the <a href="/dashboard/">Orleans dashboard</a>. It is kept in this browser until it expires (at most {{MaxSession.TotalHours:0}} hours) or you sign out.</p>
            {{(error is null ? "" : $"<p class=\"error\" role=\"alert\">{WebUtility.HtmlEncode(error)}</p>")}}
            <form method="post" action="/sign-in">
              <input type="hidden" name="return" value="{{WebUtility.HtmlEncode(returnTo)}}">
              <label for="token">Token</label>
              <textarea id="token" name="token" required autocomplete="off" spellcheck="false"></textarea>
              <button type="submit">Sign in</button>
            </form>
            <form method="post" action="/sign-out">
              <button type="submit" class="secondary">Sign out</button>
            </form>
          </main>
        </body>
        </html>
        """, "text/html; charset=utf-8", statusCode: status);
}
