using Coordination.Api.Cases;
using Coordination.Grains.Interfaces.Cases;
using Npgsql;

namespace Coordination.Api.Tests;

/// <summary>
/// The list query's SQL names only the filters a request has, each as a parameter: no text of the
/// caller's is ever part of the statement, and no filter is there "in case".
/// </summary>
public sealed class CaseListQueryTests
{
    private static (string Sql, NpgsqlParameterCollection Parameters) Build(
        string? office = null, CaseStatus? status = null, string? nationality = null, VulnerabilityFlag? vulnerability = null,
        bool? overdue = null, string? q = null, (DateTimeOffset, string)? after = null)
    {
        using var command = new NpgsqlCommand();
        var sql = CaseListQuery.Build(new CaseListFilter(office, status, nationality, vulnerability, overdue, q, after, 51), command.Parameters);
        return (sql, command.Parameters);
    }

    [Fact]
    public void A_list_without_filters_has_no_conditions()
    {
        var (sql, parameters) = Build();

        Assert.DoesNotContain("WHERE", sql, StringComparison.Ordinal);
        Assert.Equal(["limit"], parameters.Select(p => p.ParameterName));
    }

    [Fact]
    public void Each_filter_given_is_one_condition_with_its_value_as_a_parameter()
    {
        var (sql, parameters) = Build(office: "TUX", status: CaseStatus.OnHold, after: (DateTimeOffset.UnixEpoch, "TUX-2026-000001"));

        Assert.Contains("office_code = @office", sql, StringComparison.Ordinal);
        Assert.Contains("status = @status", sql, StringComparison.Ordinal);
        Assert.Contains("(registered_at, case_number) > (@after_at, @after_case)", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("nationality =", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("vulnerabilities)", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("overdue_referrals >", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("IS NULL", sql, StringComparison.Ordinal);
        Assert.Equal(["office", "status", "after_at", "after_case", "limit"], parameters.Select(p => p.ParameterName));
    }

    [Fact]
    public void A_search_is_a_union_of_a_name_branch_and_a_document_branch_without_the_callers_text()
    {
        var q = "O'Brien x --; DROP TABLE case_directory";

        var (sql, parameters) = Build(office: "TUX", q: q);

        Assert.Contains("UNION", sql, StringComparison.Ordinal);
        Assert.DoesNotContain(" OR ", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("brien", sql, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("DROP", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("'", sql, StringComparison.Ordinal);
        Assert.Equal(2, sql.Split("office_code = @office").Length - 1);
        Assert.Equal("%o'brien%", parameters["word0"].Value);
        Assert.Equal("x", parameters["word1"].Value);
        Assert.Equal("OBRIENXDROPTABLECASEDIRECTORY%", parameters["document"].Value);
    }

    [Fact]
    public void A_search_without_letters_or_digits_has_no_document_branch()
    {
        var (sql, _) = Build(q: "ñ-ü");

        Assert.DoesNotContain("UNION", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("document_number", sql, StringComparison.Ordinal);
    }
}
