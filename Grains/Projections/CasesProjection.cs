using Coordination.Grains.Cases;
using Coordination.Grains.EventLog;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Referrals;
using Npgsql;
using NpgsqlTypes;

namespace Coordination.Grains.Projections;

/// <summary>
/// The "cases" projection: the case directory (lists and search), each office's caseload by status
/// and its registrations. A case that moves in through a transfer frees the place its office held
/// for it in the same transaction that counts it as open, so the office's load is never counted
/// twice or lost.
/// </summary>
public sealed class CasesProjection : IProjection
{
    public const string ProjectionName = "cases";

    public string Name => ProjectionName;

    public IReadOnlyList<string> Tables { get; } = ["case_directory", "office_caseload", "office_registrations"];

    private sealed class Row
    {
        public required string CaseNumber { get; init; }
        public bool New { get; init; }
        public required CaseSummary Summary { get; set; }
        public int Version { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
        public CaseRegistered? Registered { get; init; }
    }

    public async Task ApplyAsync(IReadOnlyList<RecordedEvent> events, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var caseEvents = events.Where(e => e.StreamType == EventStreams.Case.Name).ToList();
        if (caseEvents.Count == 0)
        {
            return;
        }
        var known = await KnownAsync(connection, transaction, [.. caseEvents.Select(e => e.StreamId).Distinct()], cancellationToken);
        var rows = new Dictionary<string, Row>(StringComparer.Ordinal);
        var load = new SortedDictionary<(string Office, string Status), int>();
        var registrations = new SortedDictionary<string, (int Count, string Last)>(StringComparer.Ordinal);
        var released = new List<string>();
        var ended = new List<string>();

        foreach (var recorded in caseEvents)
        {
            if (recorded.Metadata.SummaryAs<CaseSummary>() is not { } summary)
            {
                continue;
            }
            CaseSummary? before;
            if (recorded.Event is CaseRegistered registered)
            {
                before = null;
                rows[recorded.StreamId] = new Row { CaseNumber = recorded.StreamId, New = true, Summary = summary, Registered = registered };
                var office = registrations.TryGetValue(summary.OfficeCode, out var counted) ? counted : (Count: 0, Last: "");
                registrations[summary.OfficeCode] = (office.Count + 1, string.CompareOrdinal(recorded.StreamId, office.Last) > 0 ? recorded.StreamId : office.Last);
            }
            else if (rows.TryGetValue(recorded.StreamId, out var row))
            {
                before = row.Summary;
            }
            else if (known.TryGetValue(recorded.StreamId, out var stored))
            {
                before = stored;
                rows[recorded.StreamId] = new Row { CaseNumber = recorded.StreamId, Summary = stored };
            }
            else
            {
                continue; // a case whose registration this projection never saw
            }

            var current = rows[recorded.StreamId];
            if (before is null || (before.OfficeCode, before.Status) != (summary.OfficeCode, summary.Status))
            {
                if (before is not null)
                {
                    Count(load, before.OfficeCode, before.Status, -1);
                }
                Count(load, summary.OfficeCode, summary.Status, +1);
            }
            current.Summary = summary;
            current.Version = recorded.Version;
            current.UpdatedAt = recorded.RecordedAt;

            if (CaseLifecycle.Terminal.Contains(summary.Status) && (before is null || !CaseLifecycle.Terminal.Contains(before.Status)))
            {
                ended.Add(recorded.StreamId);
            }

            // The case has heard its transfer was accepted: it moved in (and counts as open), or it had ended; either way the place is given back.
            if (recorded.Event is ReferralProgressed { Kind: ReferralKind.Transfer } progressed && ReferralRules.ReachedAcceptance(progressed.Status))
            {
                released.Add(progressed.ReferralId);
            }
        }

        await WriteNewAsync(connection, transaction, [.. rows.Values.Where(r => r.New)], cancellationToken);
        await WriteChangedAsync(connection, transaction, [.. rows.Values.Where(r => !r.New)], cancellationToken);
        await WriteLoadAsync(connection, transaction, load, cancellationToken);
        await WriteRegistrationsAsync(connection, transaction, registrations, cancellationToken);
        await ReleasePlacesAsync(connection, transaction, released, cancellationToken);
        await ReleasePlacesOfEndedCasesAsync(connection, transaction, ended, cancellationToken);
    }

    private static void Count(SortedDictionary<(string, string), int> load, string office, CaseStatus status, int delta)
    {
        var key = (office, status.ToString());
        load[key] = load.GetValueOrDefault(key) + delta;
    }

    private static async Task<Dictionary<string, CaseSummary>> KnownAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] caseNumbers, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT case_number, office_code, status, open_referrals, overdue_referrals FROM case_directory WHERE case_number = ANY($1)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = caseNumbers });
        var known = new Dictionary<string, CaseSummary>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            known[reader.GetString(0)] = new CaseSummary(reader.GetString(1), Enum.Parse<CaseStatus>(reader.GetString(2)), reader.GetInt32(3), reader.GetInt32(4));
        }
        return known;
    }

    private static async Task WriteNewAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Row> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }
        await using var command = new NpgsqlCommand("""
            INSERT INTO case_directory (case_number, office_code, status, version, given_names, family_names, folded_names, nationality,
                                        birth_date, document_number, vulnerabilities, open_referrals, overdue_referrals, registered_at, updated_at)
            SELECT r.case_number, r.office_code, r.status, r.version, r.given_names, r.family_names, r.folded_names, r.nationality,
                   r.birth_date, r.document_number, string_to_array(r.vulnerabilities, ','), r.open_referrals, r.overdue_referrals, r.registered_at, r.updated_at
              FROM unnest(@case_number, @office_code, @status, @version, @given_names, @family_names, @folded_names, @nationality,
                          @birth_date, @document_number, @vulnerabilities, @open_referrals, @overdue_referrals, @registered_at, @updated_at)
                AS r(case_number, office_code, status, version, given_names, family_names, folded_names, nationality,
                     birth_date, document_number, vulnerabilities, open_referrals, overdue_referrals, registered_at, updated_at)
            ON CONFLICT (case_number) DO UPDATE SET
                office_code = excluded.office_code, status = excluded.status, version = excluded.version,
                given_names = excluded.given_names, family_names = excluded.family_names, folded_names = excluded.folded_names,
                nationality = excluded.nationality, birth_date = excluded.birth_date, document_number = excluded.document_number,
                vulnerabilities = excluded.vulnerabilities, open_referrals = excluded.open_referrals,
                overdue_referrals = excluded.overdue_referrals, registered_at = excluded.registered_at, updated_at = excluded.updated_at
            """, connection, transaction);
        void Add<T>(string name, NpgsqlDbType type, Func<Row, T> value) =>
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = rows.Select(value).ToArray() });
        static CaseRegistration? Registration(Row r) => r.Registered!.Registration;
        Add("case_number", NpgsqlDbType.Text, r => r.CaseNumber);
        Add("office_code", NpgsqlDbType.Text, r => r.Summary.OfficeCode);
        Add("status", NpgsqlDbType.Text, r => r.Summary.Status.ToString());
        Add("version", NpgsqlDbType.Integer, r => r.Version);
        Add("given_names", NpgsqlDbType.Text, r => Registration(r)?.GivenNames ?? Erased);
        Add("family_names", NpgsqlDbType.Text, r => Registration(r)?.FamilyNames ?? Erased);
        Add("folded_names", NpgsqlDbType.Text, r => Registration(r) is { } g ? NameFolding.Fold($"{g.GivenNames} {g.FamilyNames}") : "");
        Add("nationality", NpgsqlDbType.Text, r => r.Registered!.Nationality);
        Add("birth_date", NpgsqlDbType.Date, r => Registration(r)?.BirthDate ?? DateOnly.MinValue);
        Add("document_number", NpgsqlDbType.Text, r => Registration(r)?.Document is { } d ? DocumentNumbers.Normalize(d.Number) : null);
        Add("vulnerabilities", NpgsqlDbType.Text, r => string.Join(',', r.Registered!.Vulnerabilities));
        Add("open_referrals", NpgsqlDbType.Integer, r => r.Summary.OpenReferrals);
        Add("overdue_referrals", NpgsqlDbType.Integer, r => r.Summary.OverdueReferrals);
        Add("registered_at", NpgsqlDbType.TimestampTz, r => r.Registered!.At);
        Add("updated_at", NpgsqlDbType.TimestampTz, r => r.UpdatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string Erased = "[erased]";

    private static async Task WriteChangedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Row> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }
        await using var command = new NpgsqlCommand("""
            UPDATE case_directory d
               SET office_code = r.office_code, status = r.status, version = r.version,
                   open_referrals = r.open_referrals, overdue_referrals = r.overdue_referrals, updated_at = r.updated_at
              FROM unnest(@case_number, @office_code, @status, @version, @open_referrals, @overdue_referrals, @updated_at)
                AS r(case_number, office_code, status, version, open_referrals, overdue_referrals, updated_at)
             WHERE d.case_number = r.case_number
            """, connection, transaction);
        void Add<T>(string name, NpgsqlDbType type, Func<Row, T> value) =>
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = rows.Select(value).ToArray() });
        Add("case_number", NpgsqlDbType.Text, r => r.CaseNumber);
        Add("office_code", NpgsqlDbType.Text, r => r.Summary.OfficeCode);
        Add("status", NpgsqlDbType.Text, r => r.Summary.Status.ToString());
        Add("version", NpgsqlDbType.Integer, r => r.Version);
        Add("open_referrals", NpgsqlDbType.Integer, r => r.Summary.OpenReferrals);
        Add("overdue_referrals", NpgsqlDbType.Integer, r => r.Summary.OverdueReferrals);
        Add("updated_at", NpgsqlDbType.TimestampTz, r => r.UpdatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Keys are written in sorted order, so that two partitions' transactions lock shared rows in the same order.
    private static async Task WriteLoadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SortedDictionary<(string Office, string Status), int> load, CancellationToken cancellationToken)
    {
        var changed = load.Where(l => l.Value != 0).ToList();
        if (changed.Count == 0)
        {
            return;
        }
        await using var command = new NpgsqlCommand("""
            INSERT INTO office_caseload (office_code, status, cases)
            SELECT * FROM unnest($1::text[], $2::text[], $3::int[])
            ON CONFLICT (office_code, status) DO UPDATE SET cases = office_caseload.cases + excluded.cases
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = changed.Select(l => l.Key.Office).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = changed.Select(l => l.Key.Status).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = changed.Select(l => l.Value).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteRegistrationsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SortedDictionary<string, (int Count, string Last)> registrations, CancellationToken cancellationToken)
    {
        if (registrations.Count == 0)
        {
            return;
        }
        await using var command = new NpgsqlCommand("""
            INSERT INTO office_registrations (office_code, registered, last_case_number)
            SELECT * FROM unnest($1::text[], $2::int[], $3::text[])
            ON CONFLICT (office_code) DO UPDATE SET
                registered = office_registrations.registered + excluded.registered,
                last_case_number = greatest(office_registrations.last_case_number COLLATE "C", excluded.last_case_number COLLATE "C")
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = registrations.Keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = registrations.Values.Select(r => r.Count).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = registrations.Values.Select(r => r.Last).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A case that ended (withdrawn, closed) will not move anywhere: every place held for it is given back.</summary>
    private static async Task ReleasePlacesOfEndedCasesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<string> caseNumbers, CancellationToken cancellationToken)
    {
        if (caseNumbers.Count == 0)
        {
            return;
        }
        await using var command = new NpgsqlCommand("DELETE FROM office_admissions WHERE case_number = ANY($1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = caseNumbers.Distinct().ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static async Task ReleasePlacesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<string> referralIds, CancellationToken cancellationToken)
    {
        if (referralIds.Count == 0)
        {
            return;
        }
        await using var command = new NpgsqlCommand("DELETE FROM office_admissions WHERE referral_id = ANY($1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = referralIds.Distinct().ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
