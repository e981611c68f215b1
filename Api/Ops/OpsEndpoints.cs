using System.Reflection;
using Coordination.Api.Problems;
using Coordination.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Api.Ops;

/// <summary>
/// Operations figures (operations and administrators; no personal data): as JSON and CSV for other
/// tools, and the page at <c>/ops</c> for people, which a browser opens after signing in at
/// <c>/sign-in</c> (the token then travels in the HTTP-only cookie, never in a URL).
/// </summary>
public static class OpsEndpoints
{
    public static IEndpointRouteBuilder MapOpsEndpoints(this IEndpointRouteBuilder routes)
    {
        var ops = routes.MapGroup("/ops").WithTags("Operations").RequireCaller().RequireAuthorization(Policies.Operations);

        ops.MapGet("/figures", GetFigures)
            .WithName("GetOpsFigures")
            .WithSummary("The programme's figures for operations, for one office or all (counts and durations only, no personal data)")
            .WithDescription("Open cases by status; registrations, departures and arrivals per day (30 days); referrals open and overdue per " +
                "counterpart and kind; time to acknowledge and to answer per counterpart (median, 90th percentile); SLA breaches today and this " +
                "week; time spent in each status; cases by nationality; transfers between offices; and how far the figures lag the event log.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        ops.MapGet("/figures.csv", GetFiguresCsv)
            .WithName("GetOpsFiguresCsv")
            .WithSummary("The same figures as one CSV table in long form: figure, scope, key, subkey, measure, value")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        // The page and what it loads are for browsers, not part of the API's contract.
        ops.MapGet("", GetPage).ExcludeFromDescription();
        ops.MapGet("/panel", GetPanel).ExcludeFromDescription();
        ops.MapGet("/assets/{name}", GetAsset).ExcludeFromDescription();
        return routes;
    }

    /// <summary>The office asked for, when it is one of the programme's; an empty one means all of them.</summary>
    private static async Task<(bool Valid, string? Office)> ScopeAsync(OpsFiguresQuery query, string? office)
    {
        if (string.IsNullOrEmpty(office))
        {
            return (true, null);
        }
        var offices = await query.OfficesAsync();
        return offices.Any(o => o.Code == office) ? (true, office) : (false, null);
    }

    private static ValidationProblem UnknownOffice(IReadOnlyList<string> codes) =>
        ProblemResults.Invalid(new Dictionary<string, string[]> { ["office"] = [$"Give one of the offices' codes ({string.Join(", ", codes)}), or none for every office."] });

    internal static async Task<Results<Ok<OpsFigures>, ValidationProblem>> GetFigures(OpsFiguresQuery query, HttpContext http, string? office)
    {
        var (valid, scope) = await ScopeAsync(query, office);
        if (!valid)
        {
            return UnknownOffice([.. (await query.OfficesAsync()).Select(o => o.Code)]);
        }
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(await query.ReadAsync(scope, http.RequestAborted));
    }

    internal static async Task<Results<ContentHttpResult, ValidationProblem>> GetFiguresCsv(OpsFiguresQuery query, HttpContext http, string? office)
    {
        var (valid, scope) = await ScopeAsync(query, office);
        if (!valid)
        {
            return UnknownOffice([.. (await query.OfficesAsync()).Select(o => o.Code)]);
        }
        var figures = await query.ReadAsync(scope, http.RequestAborted);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"ops-figures-{scope ?? "all"}-{figures.AsOf:yyyyMMdd-HHmmss}.csv\"";
        return TypedResults.Text(OpsFiguresCsv.Write(figures), "text/csv; charset=utf-8");
    }

    internal static async Task<Results<ContentHttpResult, ValidationProblem>> GetPage(OpsFiguresQuery query, HttpContext http, string? office)
    {
        var (valid, scope) = await ScopeAsync(query, office);
        if (!valid)
        {
            return UnknownOffice([.. (await query.OfficesAsync()).Select(o => o.Code)]);
        }
        var figures = await query.ReadAsync(scope, http.RequestAborted);
        PageHeaders(http);
        return TypedResults.Content(OpsPage.Page(figures), "text/html; charset=utf-8");
    }

    internal static async Task<Results<ContentHttpResult, ValidationProblem>> GetPanel(OpsFiguresQuery query, HttpContext http, string? office)
    {
        var (valid, scope) = await ScopeAsync(query, office);
        if (!valid)
        {
            return UnknownOffice([.. (await query.OfficesAsync()).Select(o => o.Code)]);
        }
        var figures = await query.ReadAsync(scope, http.RequestAborted);
        PageHeaders(http);
        return TypedResults.Content(OpsPage.Panel(figures), "text/html; charset=utf-8");
    }

    private static void PageHeaders(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentSecurityPolicy = OpsPage.ContentSecurityPolicy;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static readonly Dictionary<string, (string ContentType, byte[] Content)> Assets = new(StringComparer.Ordinal)
    {
        ["ops.css"] = ("text/css; charset=utf-8", Read("ops.css")),
        ["ops.js"] = ("text/javascript; charset=utf-8", Read("ops.js")),
    };

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"OpsAssets.{name}")
            ?? throw new InvalidOperationException($"The page's {name} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    internal static Results<FileContentHttpResult, ProblemHttpResult> GetAsset(string name, HttpContext http)
    {
        if (!Assets.TryGetValue(name, out var asset))
        {
            return ProblemResults.NotFound("Not found.", "The operations page has no such file.");
        }
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(asset.Content, asset.ContentType);
    }
}
