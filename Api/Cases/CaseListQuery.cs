using System.Text;
using Coordination.Grains.Interfaces.Cases;
using Npgsql;
using NpgsqlTypes;

namespace Coordination.Api.Cases;

/// <summary>What one case list request asks for, already validated.</summary>
internal sealed record CaseListFilter(
    string? Office, CaseStatus? Status, string? Nationality, VulnerabilityFlag? Vulnerability, bool? Overdue,
    string? Query, (DateTimeOffset At, string CaseNumber)? After, int Rows);

/// <summary>
/// The SQL of one case list request over <c>case_directory</c>. It names only the filters the request
/// has (each value a parameter; no text of the caller's is ever part of the SQL), so that each shape
/// of request is planned on the index made for it (migrations 0007 and 0013):
/// <list type="bullet">
/// <item>no search: an office's page on <c>(office_code, registered_at, case_number)</c>, every office's on
/// <c>(registered_at, case_number)</c>, and with a status on <c>(office_code, status, registered_at, case_number)</c>
/// or <c>(status, registered_at, case_number)</c>; nationality, vulnerability and overdue are checked on the rows so read;</item>
/// <item>a search q: the cases whose folded names contain every folded word of q (trigram index; for
/// words of one or two characters, the index of the names' pieces of that length) and
/// the cases whose document number starts with q's letters and digits (<c>text_pattern_ops</c> index).
/// The two are separate branches of a UNION, each taking at most a page after the cursor in page
/// order, and the union is ordered and cut to a page again: one OR over both would let neither index
/// be used. UNION drops a case that both branches found.</item>
/// </list>
/// Pages are ordered by <c>(registered_at, case_number)</c>, which is unique, and continue after the
/// cursor's position, so they neither skip nor repeat a row.
/// </summary>
internal static class CaseListQuery
{
    /// <summary>Words shorter than this have no trigram: they are looked up among the names' one- and two-character pieces.</summary>
    public const int TrigramLength = 3;

    private const string Columns = """
        case_number, office_code, status, version, given_names, family_names, nationality, birth_date, vulnerabilities,
               open_referrals, overdue_referrals, registered_at
        """;

    private const string PageOrder = "ORDER BY registered_at, case_number";

    public static NpgsqlCommand Create(NpgsqlDataSource database, CaseListFilter filter)
    {
        var command = database.CreateCommand();
        command.CommandText = Build(filter, command.Parameters);
        return command;
    }

    /// <summary>The statement for <paramref name="filter"/>; its values are added to <paramref name="parameters"/>.</summary>
    public static string Build(CaseListFilter filter, NpgsqlParameterCollection parameters)
    {
        void Add(string name, NpgsqlDbType type, object value) => parameters.Add(new NpgsqlParameter(name, type) { Value = value });

        var shared = new List<string>();
        if (filter.Office is not null)
        {
            shared.Add("office_code = @office");
            Add("office", NpgsqlDbType.Text, filter.Office);
        }
        if (filter.Status is { } status)
        {
            shared.Add("status = @status");
            Add("status", NpgsqlDbType.Text, status.ToString());
        }
        if (filter.Nationality is not null)
        {
            shared.Add("nationality = @nationality");
            Add("nationality", NpgsqlDbType.Text, filter.Nationality);
        }
        if (filter.Vulnerability is { } vulnerability)
        {
            shared.Add("@vulnerability = ANY (vulnerabilities)");
            Add("vulnerability", NpgsqlDbType.Text, vulnerability.ToString());
        }
        if (filter.Overdue is { } overdue)
        {
            shared.Add(overdue ? "overdue_referrals > 0" : "overdue_referrals <= 0");
        }
        if (filter.After is { } after)
        {
            shared.Add("(registered_at, case_number) > (@after_at, @after_case)");
            Add("after_at", NpgsqlDbType.TimestampTz, after.At);
            Add("after_case", NpgsqlDbType.Text, after.CaseNumber);
        }
        Add("limit", NpgsqlDbType.Integer, filter.Rows);

        if (string.IsNullOrWhiteSpace(filter.Query))
        {
            return Page(shared);
        }

        // Names: every word of q, folded as the projection folds the names, occurs in the folded names
        // (an empty word, left by a q of accents only, occurs in every name).
        var names = new List<string>(shared);
        var words = NameFolding.Fold(filter.Query).Split(' ').Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i].Length >= TrigramLength)
            {
                names.Add($"folded_names LIKE @word{i}");
                Add($"word{i}", NpgsqlDbType.Text, $"%{EscapeLike(words[i])}%");
            }
            else
            {
                // No trigram to look for: the word is one of the one- and two-character pieces of the
                // names (case_directory_name_pieces, indexed); strpos, the same test as LIKE '%word%'
                // and cheap, goes first when the planner reads the cases in page order instead.
                names.Add($"strpos(folded_names, @word{i}) > 0 AND case_directory_name_pieces(folded_names) @> ARRAY[@word{i}]");
                Add($"word{i}", NpgsqlDbType.Text, words[i]);
            }
        }

        // Documents: the number starts with q's letters and digits (which hold no LIKE metacharacter).
        var document = DocumentNumbers.Normalize(filter.Query);
        if (document.Length == 0)
        {
            return Page(names);
        }
        var documents = new List<string>(shared) { "document_number LIKE @document" };
        Add("document", NpgsqlDbType.Text, document + "%");
        return $"""
            SELECT {Columns}
              FROM (({Page(names)})
                    UNION
                    ({Page(documents)})) AS found
             {PageOrder}
             LIMIT @limit
            """;
    }

    private static string Page(List<string> filters)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM case_directory");
        if (filters.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", filters);
        }
        return sql.Append(' ').Append(PageOrder).Append(" LIMIT @limit").ToString();
    }

    /// <summary>A word as a LIKE pattern matches itself only: the escape character (backslash), % and _ are escaped.</summary>
    private static string EscapeLike(string term) =>
        term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
