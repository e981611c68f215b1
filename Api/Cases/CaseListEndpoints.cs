using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Coordination.Api.Audit;
using Coordination.Api.Problems;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.ReferenceData;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Coordination.Api.Cases;

/// <summary>
/// Case lists and search, served from the case directory read model: an office's caseload with
/// filters, and search by name (accents and case ignored) or document number, in stable pages.
/// </summary>
public static class CaseListEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const int MaxSearchLength = 100;

    public static IEndpointRouteBuilder MapCaseListEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/cases").WithTags("Cases").RequireCaller().Audited("case-list", queryKey: "office")
            .MapGet("/", ListCases)
            .WithName("ListCases")
            .WithSummary("List and search an office's cases")
            .WithDescription("Filters: status, nationality, vulnerability, overdue (cases with referrals past their SLA). " +
                "q searches names (accents and case ignored, every word must match) and document numbers (prefix). " +
                "Pages are stable: pass nextCursor as cursor.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    internal static async Task<Results<Ok<CaseListResponse>, ValidationProblem, ProblemHttpResult>> ListCases(
        Caller caller, NpgsqlDataSource database, HttpContext http,
        [RegularExpression(OfficeCodes.Pattern)] string? office, CaseStatus? status, [RegularExpression(Countries.CodePattern)] string? nationality,
        VulnerabilityFlag? vulnerability, bool? overdue,
        [MaxLength(MaxSearchLength), RegularExpression(TextRules.ShortTextPattern)] string? q, string? cursor, [Range(1, MaxLimit)] int? limit)
    {
        if (!caller.WorksCases)
        {
            return TypedResults.Problem(title: "Not allowed.", detail: "Case lists show personal data: office staff and scoped automation only.", statusCode: StatusCodes.Status403Forbidden);
        }
        office ??= caller.Office == Caller.AnyOffice ? null : caller.Office;
        var errors = new Dictionary<string, string[]>();
        if (office is not null && !OfficeCodes.IsWellFormed(office))
        {
            errors["office"] = ["An office code is three upper-case letters, e.g. ACA."];
        }
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"The limit is between 1 and {MaxLimit}."];
        }
        (DateTimeOffset At, string CaseNumber)? after = null;
        if (cursor is not null)
        {
            if (TryReadCursor(cursor, out var position))
            {
                after = position;
            }
            else
            {
                errors["cursor"] = ["The cursor is not one this API gave out."];
            }
        }
        if (q is { Length: > MaxSearchLength } || (q?.Any(char.IsControl) ?? false))
        {
            errors["q"] = [$"Search for at most {MaxSearchLength} characters, without control characters."];
        }
        // Filters by name as spelled, as the document's enums say: the binder would also take 0, "0" or "Registered,Closed".
        foreach (var (name, value) in new (string Name, Enum? Value)[] { ("status", status), ("vulnerability", vulnerability) })
        {
            if (value is not null && http.Request.Query[name].ToString() != value.ToString())
            {
                errors[name] = [$"A {name} filter is one name: {string.Join(", ", Enum.GetNames(value.GetType()))}."];
            }
        }
        if (nationality is not null && !Countries.IsKnown(nationality.Trim().ToUpperInvariant()))
        {
            errors["nationality"] = [$"'{new string(nationality.Where(c => !char.IsControl(c)).Take(20).ToArray())}' is not an ISO 3166-1 alpha-3 country code."];
        }
        if (errors.Count > 0)
        {
            return ProblemResults.Invalid(errors);
        }
        if (office is not null ? !caller.WorksAt(office) : caller.Role != StaffRole.Automation)
        {
            return TypedResults.Problem(title: "Not allowed.", detail: $"You work cases of {caller.Office} only.", statusCode: StatusCodes.Status403Forbidden);
        }

        var pageSize = limit ?? DefaultLimit;
        var filter = new CaseListFilter(office, status, nationality?.Trim().ToUpperInvariant(), vulnerability, overdue, q, after, pageSize + 1);
        await using var command = CaseListQuery.Create(database, filter);

        var items = new List<CaseListItem>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                items.Add(new CaseListItem(
                    reader.GetString(0), reader.GetString(1), Enum.Parse<CaseStatus>(reader.GetString(2)), reader.GetInt32(3),
                    reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetFieldValue<DateOnly>(7),
                    [.. reader.GetFieldValue<string[]>(8).Select(Enum.Parse<VulnerabilityFlag>)],
                    reader.GetInt32(9), reader.GetInt32(10), reader.GetFieldValue<DateTimeOffset>(11)));
            }
        }
        var next = items.Count > pageSize ? WriteCursor(items[pageSize - 1]) : null;
        return TypedResults.Ok(new CaseListResponse(items.Take(pageSize).ToList(), next));
    }

    private static string WriteCursor(CaseListItem last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.RegisteredAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{last.CaseNumber}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryReadCursor(string cursor, out (DateTimeOffset At, string CaseNumber) position)
    {
        position = default;
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || !CaseNumber.TryParse(parts[1], out _))
            {
                return false;
            }
            position = (new DateTimeOffset(ticks, TimeSpan.Zero), parts[1]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
