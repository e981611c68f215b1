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
/// and its registrations (counted per log partition, so partitions never wait on each other's rows). A case that moves in through a transfer frees the place its office held
/// for it in the same transaction that counts it as open, so the office's load is never counted
/// twice or lost.
/// </summary>
public sealed class CasesProjection : IProjection
{
    public const string ProjectionName = "cases";

    public string Name => ProjectionName;

    public IReadOnlyList<string> Tables { get; } = ["case_directory", "office_caseload", "office_registrations", "emergency_access"];

    public bool Handles(RecordedEvent recorded) => recorded.StreamType == EventStreams.Case.Name;

    private sealed class Row
    {
        public required string CaseNumber { get; init; }
        public bool New { get; init; }
        public required CaseSummary Summary { get; set; }
        public int Version { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
        public CaseRegistered? Registered { get; init; }

        /// <summary>Whether this batch moved the case into or out of an end (its <see cref="EndedAt"/> is then written).</summary>
        public bool EndChanged { get; set; }
        public DateTimeOffset? EndedAt { get; set; }
        public bool Erased { get; set; }
    }

    public async Task ProjectAsync(IReadOnlyList<RecordedEvent> caseEvents, NpgsqlBatch writes, CancellationToken cancellationToken)
    {
        var partition = LogPartitions.Of(caseEvents[0].StreamId);
        // A case registered in this batch is new: only the others have a row to look up.
        var registeredHere = caseEvents.Where(e => e.Event is CaseRegistered).Select(e => e.StreamId).ToHashSet(StringComparer.Ordinal);
        var others = caseEvents.Select(e => e.StreamId).Where(c => !registeredHere.Contains(c)).Distinct().ToArray();
        var known = others.Length == 0 ? [] : await KnownAsync(writes, others, cancellationToken);
        var rows = new Dictionary<string, Row>(StringComparer.Ordinal);
        var load = new SortedDictionary<(string Office, string Status), int>();
        var registrations = new SortedDictionary<string, (int Count, string Last)>(StringComparer.Ordinal);
        var released = new List<string>();
        var ended = new List<string>();
        var grants = new List<(RecordedEvent Recorded, EmergencyAccessGranted Grant, string Office)>();

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

            var endedNow = CaseLifecycle.Terminal.Contains(summary.Status);
            if (endedNow && (before is null || !CaseLifecycle.Terminal.Contains(before.Status)))
            {
                ended.Add(recorded.StreamId);
                (current.EndChanged, current.EndedAt) = (true, recorded.Event.At);
            }
            else if (!endedNow && before is not null && CaseLifecycle.Terminal.Contains(before.Status))
            {
                (current.EndChanged, current.EndedAt) = (true, null);
            }
            switch (recorded.Event)
            {
                case PersonalDataErased:
                    current.Erased = true;
                    break;
                case EmergencyAccessGranted grant:
                    grants.Add((recorded, grant, summary.OfficeCode));
                    break;
            }

            // The case has heard its transfer was accepted: it moved in (and counts as open), or it had ended; either way the place is given back.
            if (recorded.Event is ReferralProgressed { Kind: ReferralKind.Transfer } progressed && ReferralRules.ReachedAcceptance(progressed.Status))
            {
                released.Add(progressed.ReferralId);
            }
        }

        WriteNew(writes, [.. rows.Values.Where(r => r.New)]);
        WriteChanged(writes, [.. rows.Values.Where(r => !r.New)]);
        WriteErased(writes, [.. rows.Values.Where(r => r.Erased).Select(r => r.CaseNumber)]);
        WriteEmergencyAccess(writes, grants);
        WriteLoad(writes, partition, load);
        WriteRegistrations(writes, partition, registrations);
        writes.ReleasePlaces("referral_id", released);
        // A case that ended (withdrawn, closed) will not move anywhere: every place held for it is given back.
        // Not while a rebuild replays events from before it began: the case may have been reopened since, and hold a place now.
        if (ended.Count > 0)
        {
            var last = caseEvents[^1].Position;
            writes.Add("""
                DELETE FROM office_admissions
                 WHERE case_number = ANY($1)
                   AND NOT EXISTS (SELECT 1 FROM projection_rebuilds r WHERE r.projection = $2 AND r.partition = $3 AND (r.tx_id, r.position) >= ($4, $5))
                """,
                new NpgsqlParameter { Value = ended.Distinct().ToArray() }, new NpgsqlParameter { Value = ProjectionName },
                new NpgsqlParameter { Value = partition }, new NpgsqlParameter { Value = last.TxId }, new NpgsqlParameter { Value = last.Position });
        }
    }

    private static void Count(SortedDictionary<(string, string), int> load, string office, CaseStatus status, int delta)
    {
        var key = (office, status.ToString());
        load[key] = load.GetValueOrDefault(key) + delta;
    }

    private static async Task<Dictionary<string, CaseSummary>> KnownAsync(NpgsqlBatch writes, string[] caseNumbers, CancellationToken cancellationToken)
    {
        await using var command = writes.Read(
            "SELECT case_number, office_code, status, open_referrals, overdue_referrals FROM case_directory WHERE case_number = ANY($1)", caseNumbers);
        var known = new Dictionary<string, CaseSummary>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            known[reader.GetString(0)] = new CaseSummary(reader.GetString(1), Enum.Parse<CaseStatus>(reader.GetString(2)), reader.GetInt32(3), reader.GetInt32(4));
        }
        return known;
    }

    private static void WriteNew(NpgsqlBatch writes, IReadOnlyList<Row> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }
        static CaseRegistration? Registration(Row r) => r.Registered!.Registration;
        writes.Add("""
            INSERT INTO case_directory (case_number, office_code, status, version, given_names, family_names, folded_names, nationality,
                                        birth_date, document_number, vulnerabilities, open_referrals, overdue_referrals, registered_at, updated_at, ended_at)
            SELECT r.case_number, r.office_code, r.status, r.version, r.given_names, r.family_names, r.folded_names, r.nationality,
                   r.birth_date, r.document_number, string_to_array(r.vulnerabilities, ','), r.open_referrals, r.overdue_referrals, r.registered_at, r.updated_at,
                   r.ended_at
              FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
                AS r(case_number, office_code, status, version, given_names, family_names, folded_names, nationality,
                     birth_date, document_number, vulnerabilities, open_referrals, overdue_referrals, registered_at, updated_at, ended_at)
            ON CONFLICT (case_number) DO UPDATE SET
                office_code = excluded.office_code, status = excluded.status, version = excluded.version,
                given_names = excluded.given_names, family_names = excluded.family_names, folded_names = excluded.folded_names,
                nationality = excluded.nationality, birth_date = excluded.birth_date, document_number = excluded.document_number,
                vulnerabilities = excluded.vulnerabilities, open_referrals = excluded.open_referrals,
                overdue_referrals = excluded.overdue_referrals, registered_at = excluded.registered_at, updated_at = excluded.updated_at,
                ended_at = excluded.ended_at, personal_data_erased = false
            """,
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.CaseNumber),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Summary.OfficeCode),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Summary.Status.ToString()),
            ProjectionWrites.Column(rows, NpgsqlDbType.Integer, r => r.Version),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => Registration(r)?.GivenNames ?? Erased),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => Registration(r)?.FamilyNames ?? Erased),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => Registration(r) is { } g ? NameFolding.Fold($"{g.GivenNames} {g.FamilyNames}") : ""),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Registered!.Nationality),
            ProjectionWrites.Column(rows, NpgsqlDbType.Date, r => Registration(r)?.BirthDate ?? DateOnly.MinValue),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => Registration(r)?.Document is { } d ? DocumentNumbers.Normalize(d.Number) : null),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => string.Join(',', r.Registered!.Vulnerabilities)),
            ProjectionWrites.Column(rows, NpgsqlDbType.Integer, r => r.Summary.OpenReferrals),
            ProjectionWrites.Column(rows, NpgsqlDbType.Integer, r => r.Summary.OverdueReferrals),
            ProjectionWrites.Column(rows, NpgsqlDbType.TimestampTz, r => r.Registered!.At),
            ProjectionWrites.Column(rows, NpgsqlDbType.TimestampTz, r => r.UpdatedAt),
            ProjectionWrites.Column(rows, NpgsqlDbType.TimestampTz, r => r.EndedAt));
    }

    private const string Erased = "[erased]";

    private static void WriteChanged(NpgsqlBatch writes, IReadOnlyList<Row> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }
        writes.Add("""
            UPDATE case_directory d
               SET office_code = r.office_code, status = r.status, version = r.version,
                   open_referrals = r.open_referrals, overdue_referrals = r.overdue_referrals, updated_at = r.updated_at,
                   ended_at = CASE WHEN r.end_changed THEN r.ended_at ELSE d.ended_at END
              FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9)
                AS r(case_number, office_code, status, version, open_referrals, overdue_referrals, updated_at, end_changed, ended_at)
             WHERE d.case_number = r.case_number
            """,
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.CaseNumber),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Summary.OfficeCode),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Summary.Status.ToString()),
            ProjectionWrites.Column(rows, NpgsqlDbType.Integer, r => r.Version),
            ProjectionWrites.Column(rows, NpgsqlDbType.Integer, r => r.Summary.OpenReferrals),
            ProjectionWrites.Column(rows, NpgsqlDbType.Integer, r => r.Summary.OverdueReferrals),
            ProjectionWrites.Column(rows, NpgsqlDbType.TimestampTz, r => r.UpdatedAt),
            ProjectionWrites.Column(rows, NpgsqlDbType.Boolean, r => r.EndChanged),
            ProjectionWrites.Column(rows, NpgsqlDbType.TimestampTz, r => r.EndedAt));
    }

    /// <summary>An erased case keeps its row for lists and figures, without a name, birth date or document.</summary>
    private static void WriteErased(NpgsqlBatch writes, string[] caseNumbers)
    {
        if (caseNumbers.Length == 0)
        {
            return;
        }
        writes.Add("""
            UPDATE case_directory
               SET given_names = $2, family_names = $2, folded_names = '', birth_date = '0001-01-01', document_number = NULL,
                   personal_data_erased = true
             WHERE case_number = ANY($1)
            """,
            new NpgsqlParameter { Value = caseNumbers }, new NpgsqlParameter { Value = Erased });
    }

    private static void WriteEmergencyAccess(NpgsqlBatch writes, IReadOnlyList<(RecordedEvent Recorded, EmergencyAccessGranted Grant, string Office)> grants)
    {
        if (grants.Count == 0)
        {
            return;
        }
        writes.Add("""
            INSERT INTO emergency_access (case_number, version, office_code, granted_to, granted_to_office, reason, granted_at, expires_at)
            SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (case_number, version) DO NOTHING
            """,
            ProjectionWrites.Column(grants, NpgsqlDbType.Text, g => g.Recorded.StreamId),
            ProjectionWrites.Column(grants, NpgsqlDbType.Integer, g => g.Recorded.Version),
            ProjectionWrites.Column(grants, NpgsqlDbType.Text, g => g.Office),
            ProjectionWrites.Column(grants, NpgsqlDbType.Text, g => g.Grant.By),
            ProjectionWrites.Column(grants, NpgsqlDbType.Text, g => g.Grant.Office),
            ProjectionWrites.Column(grants, NpgsqlDbType.Text, g => g.Grant.Reason),
            ProjectionWrites.Column(grants, NpgsqlDbType.TimestampTz, g => g.Grant.At),
            ProjectionWrites.Column(grants, NpgsqlDbType.TimestampTz, g => g.Grant.Until));
    }

    // Keys are written in sorted order, so that two partitions' transactions lock shared rows in the same order.
    private static void WriteLoad(NpgsqlBatch writes, short partition, SortedDictionary<(string Office, string Status), int> load)
    {
        var changed = load.Where(l => l.Value != 0).ToList();
        if (changed.Count == 0)
        {
            return;
        }
        writes.Add("""
            INSERT INTO office_caseload (office_code, status, partition, cases)
            SELECT office_code, status, $4, cases FROM unnest($1, $2, $3) AS l(office_code, status, cases)
            ON CONFLICT (office_code, status, partition) DO UPDATE SET cases = office_caseload.cases + excluded.cases
            """,
            ProjectionWrites.Column(changed, NpgsqlDbType.Text, l => l.Key.Office),
            ProjectionWrites.Column(changed, NpgsqlDbType.Text, l => l.Key.Status),
            ProjectionWrites.Column(changed, NpgsqlDbType.Integer, l => l.Value),
            new NpgsqlParameter { Value = partition });
    }

    private static void WriteRegistrations(NpgsqlBatch writes, short partition, SortedDictionary<string, (int Count, string Last)> registrations)
    {
        if (registrations.Count == 0)
        {
            return;
        }
        writes.Add("""
            INSERT INTO office_registrations (office_code, partition, registered, last_case_number)
            SELECT office_code, $4, registered, last_case_number FROM unnest($1, $2, $3) AS r(office_code, registered, last_case_number)
            ON CONFLICT (office_code, partition) DO UPDATE SET
                registered = office_registrations.registered + excluded.registered,
                last_case_number = greatest(office_registrations.last_case_number COLLATE "C", excluded.last_case_number COLLATE "C")
            """,
            ProjectionWrites.Column(registrations, NpgsqlDbType.Text, r => r.Key),
            ProjectionWrites.Column(registrations, NpgsqlDbType.Integer, r => r.Value.Count),
            ProjectionWrites.Column(registrations, NpgsqlDbType.Text, r => r.Value.Last),
            new NpgsqlParameter { Value = partition });
    }
}
