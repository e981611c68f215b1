using Coordination.Grains.Cases;
using Coordination.Grains.EventLog;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Ops;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Referrals;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Coordination.Grains.Projections;

/// <summary>
/// The "ops" projection: the figures operations watch (migration 0016), from case and referral
/// events and the non-personal summaries the log keeps beside them, never from the case tables:
/// cases per office and status, registrations, departures and arrivals per day, cases per
/// nationality, referrals sent, open, overdue and ended per sender, counterpart and kind (transfers
/// between offices among them), SLA breaches per day, and histograms of the time to acknowledge,
/// to answer and spent in each status. It remembers of each case and referral only what turns its
/// next event into figures (status and since when, nationality; open, overdue, acknowledged, answered).
/// </summary>
public sealed class OpsFiguresProjection(IOptions<OpsFiguresOptions> options) : IProjection
{
    public const string ProjectionName = "ops";

    private readonly TimeZoneInfo _zone = options.Value.Zone();

    public string Name => ProjectionName;

    public IReadOnlyList<string> Tables { get; } =
        ["ops_case_clock", "ops_referral_clock", "ops_cases", "ops_daily", "ops_nationalities", "ops_referrals", "ops_breaches", "ops_durations"];

    public bool Handles(RecordedEvent recorded) =>
        recorded.StreamType == EventStreams.Case.Name || recorded.StreamType == EventStreams.Referral.Name;

    /// <summary>Figures watched on a page refreshed every 5 s: half a second of lag buys a tenth of the commits.</summary>
    public TimeSpan BatchWindow => TimeSpan.FromMilliseconds(500);

    private sealed class CaseClock
    {
        public required string OfficeCode { get; set; }
        public required CaseStatus Status { get; set; }
        public required string Nationality { get; init; }
        public required DateTimeOffset Since { get; set; }
    }

    private sealed class ReferralClock
    {
        public required string Kind { get; init; }
        public required string From { get; init; }
        public required string To { get; init; }
        public required ReferralStatus Status { get; set; }
        public bool Overdue { get; set; }
        public bool Acknowledged { get; set; }
        public bool Answered { get; set; }
    }

    /// <summary>What one batch adds to the counters, keyed in a fixed order.</summary>
    private sealed class Tally
    {
        public readonly SortedDictionary<(string Office, string Status), int> Cases = new();
        public readonly SortedDictionary<(string Office, DateOnly Day), (int Registered, int Departed, int Arrived)> Daily = new();
        public readonly SortedDictionary<(string Office, string Nationality), (int Registered, int Open)> Nationalities = new();
        public readonly SortedDictionary<(string From, string To, string Kind), int[]> Referrals = new();
        public readonly SortedDictionary<(string From, string To, DateOnly Day), int> Breaches = new();
        public readonly SortedDictionary<(string Measure, string Office, string Subject, short Bucket), (int Count, double Seconds)> Durations = new();

        public void Duration(string measure, string office, string subject, TimeSpan duration)
        {
            var key = (measure, office, subject, DurationBuckets.Of(duration));
            var (count, seconds) = Durations.GetValueOrDefault(key);
            Durations[key] = (count + 1, seconds + Math.Max(0, duration.TotalSeconds));
        }

        public void Referral(ReferralClock referral, int column, int delta)
        {
            var key = (referral.From, referral.To, referral.Kind);
            if (!Referrals.TryGetValue(key, out var row))
            {
                Referrals[key] = row = new int[ReferralColumns];
            }
            row[column] += delta;
        }
    }

    private const int Sent = 0, Open = 1, Overdue = 2, Accepted = 3, Declined = 4, Completed = 5, Cancelled = 6, ReferralColumns = 7;

    public async Task ProjectAsync(IReadOnlyList<RecordedEvent> events, NpgsqlBatch writes, CancellationToken cancellationToken)
    {
        var partition = LogPartitions.Of(events[0].StreamId);
        var caseIds = events.Where(e => e.StreamType == EventStreams.Case.Name && e.Event is not CaseRegistered).Select(e => e.StreamId).Distinct().ToArray();
        var referralIds = events.Where(e => e.StreamType == EventStreams.Referral.Name).Select(e => e.StreamId).Distinct().ToArray();
        var cases = caseIds.Length == 0 ? [] : await CaseClocksAsync(writes, caseIds, cancellationToken);
        var referrals = referralIds.Length == 0 ? [] : await ReferralClocksAsync(writes, referralIds, cancellationToken);
        var changedCases = new HashSet<string>(StringComparer.Ordinal);
        var changedReferrals = new HashSet<string>(StringComparer.Ordinal);
        var tally = new Tally();

        foreach (var recorded in events)
        {
            if (recorded.StreamType == EventStreams.Case.Name && recorded.Metadata.SummaryAs<CaseSummary>() is { } caseSummary)
            {
                if (ApplyCase(recorded, caseSummary, cases, tally))
                {
                    changedCases.Add(recorded.StreamId);
                }
            }
            else if (recorded.StreamType == EventStreams.Referral.Name && recorded.Metadata.SummaryAs<ReferralSummary>() is { } referralSummary)
            {
                ApplyReferral(recorded, referralSummary, referrals, tally);
                changedReferrals.Add(recorded.StreamId);
            }
        }

        WriteCaseClocks(writes, [.. changedCases.Order(StringComparer.Ordinal).Select(id => (id, cases[id]))]);
        WriteReferralClocks(writes, [.. changedReferrals.Order(StringComparer.Ordinal).Select(id => (id, referrals[id]))]);
        WriteCounters(writes, partition, tally);
    }

    /// <summary>Folds one case event into the figures; false when the projection never saw the case registered.</summary>
    private bool ApplyCase(RecordedEvent recorded, CaseSummary summary, Dictionary<string, CaseClock> cases, Tally tally)
    {
        var at = recorded.RecordedAt;
        if (recorded.Event is CaseRegistered registered)
        {
            cases[recorded.StreamId] = new CaseClock { OfficeCode = summary.OfficeCode, Status = summary.Status, Nationality = registered.Nationality, Since = at };
            Add(tally.Cases, (summary.OfficeCode, summary.Status.ToString()), 1);
            var day = tally.Daily.GetValueOrDefault((summary.OfficeCode, Day(at)));
            tally.Daily[(summary.OfficeCode, Day(at))] = (day.Registered + 1, day.Departed, day.Arrived);
            var nationality = tally.Nationalities.GetValueOrDefault((summary.OfficeCode, registered.Nationality));
            tally.Nationalities[(summary.OfficeCode, registered.Nationality)] = (nationality.Registered + 1, nationality.Open + (IsOpen(summary.Status) ? 1 : 0));
            return true;
        }
        if (!cases.TryGetValue(recorded.StreamId, out var clock))
        {
            return false;
        }

        var (office, status) = (clock.OfficeCode, clock.Status);
        if ((office, status) != (summary.OfficeCode, summary.Status))
        {
            Add(tally.Cases, (office, status.ToString()), -1);
            Add(tally.Cases, (summary.OfficeCode, summary.Status.ToString()), +1);
            if (IsOpen(status))
            {
                OpenByNationality(tally, office, clock.Nationality, -1);
            }
            if (IsOpen(summary.Status))
            {
                OpenByNationality(tally, summary.OfficeCode, clock.Nationality, +1);
            }
        }
        if (status != summary.Status)
        {
            tally.Duration(OpsMeasures.Status, office, status.ToString(), at - clock.Since);
            clock.Since = at;
        }
        (clock.OfficeCode, clock.Status) = (summary.OfficeCode, summary.Status);

        if (recorded.Event is DepartureRecorded or ArrivalRecorded)
        {
            var key = (summary.OfficeCode, Day(at));
            var day = tally.Daily.GetValueOrDefault(key);
            tally.Daily[key] = recorded.Event is DepartureRecorded ? (day.Registered, day.Departed + 1, day.Arrived) : (day.Registered, day.Departed, day.Arrived + 1);
        }
        return true;
    }

    private void ApplyReferral(RecordedEvent recorded, ReferralSummary summary, Dictionary<string, ReferralClock> referrals, Tally tally)
    {
        var known = referrals.TryGetValue(recorded.StreamId, out var clock);
        if (!known)
        {
            clock = new ReferralClock { Kind = summary.Kind.ToString(), From = summary.From, To = summary.To, Status = summary.Status };
            referrals[recorded.StreamId] = clock;
            tally.Referral(clock, Sent, 1);
        }
        // Open: the counterpart still owes something and the SLA clock runs (an answer, or an accepted travel document not yet issued).
        var wasOpen = known && ReferralRules.SlaRunning(summary.Kind, clock!.Status);
        var isOpen = ReferralRules.SlaRunning(summary.Kind, summary.Status);
        tally.Referral(clock!, Open, (isOpen ? 1 : 0) - (wasOpen ? 1 : 0));
        tally.Referral(clock!, Overdue, (isOpen && summary.Overdue ? 1 : 0) - (wasOpen && clock!.Overdue ? 1 : 0));

        var before = known ? clock!.Status : ReferralStatus.Sent;
        if (!ReferralRules.ReachedAcceptance(before) && ReferralRules.ReachedAcceptance(summary.Status))
        {
            tally.Referral(clock!, Accepted, 1);
        }
        if (before != summary.Status || !known)
        {
            switch (summary.Status)
            {
                case ReferralStatus.Declined: tally.Referral(clock!, Declined, 1); break;
                case ReferralStatus.Completed: tally.Referral(clock!, Completed, 1); break;
                case ReferralStatus.Cancelled: tally.Referral(clock!, Cancelled, 1); break;
            }
        }
        if (!clock!.Overdue && summary.Overdue)
        {
            var key = (clock.From, clock.To, Day(recorded.RecordedAt));
            tally.Breaches[key] = tally.Breaches.GetValueOrDefault(key) + 1;
        }
        if (!clock.Acknowledged && summary.AcknowledgedAt is { } acknowledged)
        {
            tally.Duration(OpsMeasures.Acknowledge, clock.From, clock.To, acknowledged - summary.SentAt);
        }
        if (!clock.Answered && summary.AnsweredAt is { } answered)
        {
            tally.Duration(OpsMeasures.Answer, clock.From, clock.To, answered - summary.SentAt);
        }
        clock.Status = summary.Status;
        clock.Overdue = summary.Overdue;
        clock.Acknowledged |= summary.AcknowledgedAt is not null;
        clock.Answered |= summary.AnsweredAt is not null;
    }

    private static bool IsOpen(CaseStatus status) => !CaseLifecycle.Terminal.Contains(status);

    private DateOnly Day(DateTimeOffset at) => OpsFiguresOptions.DayOf(at, _zone);

    private static void Add<TKey>(SortedDictionary<TKey, int> counters, TKey key, int delta) where TKey : notnull =>
        counters[key] = counters.GetValueOrDefault(key) + delta;

    private static void OpenByNationality(Tally tally, string office, string nationality, int delta)
    {
        var row = tally.Nationalities.GetValueOrDefault((office, nationality));
        tally.Nationalities[(office, nationality)] = (row.Registered, row.Open + delta);
    }

    private static async Task<Dictionary<string, CaseClock>> CaseClocksAsync(NpgsqlBatch writes, string[] ids, CancellationToken cancellationToken)
    {
        await using var command = writes.Read("SELECT case_number, office_code, status, nationality, since FROM ops_case_clock WHERE case_number = ANY($1)", ids);
        var found = new Dictionary<string, CaseClock>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetString(0)] = new CaseClock
            {
                OfficeCode = reader.GetString(1),
                Status = Enum.Parse<CaseStatus>(reader.GetString(2)),
                Nationality = reader.GetString(3),
                Since = reader.GetFieldValue<DateTimeOffset>(4),
            };
        }
        return found;
    }

    private static async Task<Dictionary<string, ReferralClock>> ReferralClocksAsync(NpgsqlBatch writes, string[] ids, CancellationToken cancellationToken)
    {
        await using var command = writes.Read(
            "SELECT referral_id, kind, from_code, to_code, status, overdue, acknowledged, answered FROM ops_referral_clock WHERE referral_id = ANY($1)", ids);
        var found = new Dictionary<string, ReferralClock>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetString(0)] = new ReferralClock
            {
                Kind = reader.GetString(1),
                From = reader.GetString(2),
                To = reader.GetString(3),
                Status = Enum.Parse<ReferralStatus>(reader.GetString(4)),
                Overdue = reader.GetBoolean(5),
                Acknowledged = reader.GetBoolean(6),
                Answered = reader.GetBoolean(7),
            };
        }
        return found;
    }

    private static void WriteCaseClocks(NpgsqlBatch writes, IReadOnlyList<(string Id, CaseClock Clock)> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }
        writes.Add("""
            INSERT INTO ops_case_clock (case_number, office_code, status, nationality, since)
            SELECT * FROM unnest($1, $2, $3, $4, $5)
            ON CONFLICT (case_number) DO UPDATE SET office_code = excluded.office_code, status = excluded.status, since = excluded.since
            """,
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Id),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Clock.OfficeCode),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Clock.Status.ToString()),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Clock.Nationality),
            ProjectionWrites.Column(rows, NpgsqlDbType.TimestampTz, r => r.Clock.Since));
    }

    private static void WriteReferralClocks(NpgsqlBatch writes, IReadOnlyList<(string Id, ReferralClock Clock)> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }
        writes.Add("""
            INSERT INTO ops_referral_clock (referral_id, kind, from_code, to_code, status, overdue, acknowledged, answered)
            SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (referral_id) DO UPDATE SET
                status = excluded.status, overdue = excluded.overdue, acknowledged = excluded.acknowledged, answered = excluded.answered
            """,
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Id),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Clock.Kind),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Clock.From),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Clock.To),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Clock.Status.ToString()),
            ProjectionWrites.Column(rows, NpgsqlDbType.Boolean, r => r.Clock.Overdue),
            ProjectionWrites.Column(rows, NpgsqlDbType.Boolean, r => r.Clock.Acknowledged),
            ProjectionWrites.Column(rows, NpgsqlDbType.Boolean, r => r.Clock.Answered));
    }

    // Every counter row carries the partition: only this partition's projection writes it.
    private static void WriteCounters(NpgsqlBatch writes, short partition, Tally tally)
    {
        var p = new NpgsqlParameter { Value = partition };
        var cases = tally.Cases.Where(c => c.Value != 0).ToList();
        if (cases.Count > 0)
        {
            writes.Add("""
                INSERT INTO ops_cases (office_code, status, partition, cases)
                SELECT o, s, $4, n FROM unnest($1, $2, $3) AS c(o, s, n)
                ON CONFLICT (office_code, status, partition) DO UPDATE SET cases = ops_cases.cases + excluded.cases
                """,
                ProjectionWrites.Column(cases, NpgsqlDbType.Text, c => c.Key.Office),
                ProjectionWrites.Column(cases, NpgsqlDbType.Text, c => c.Key.Status),
                ProjectionWrites.Column(cases, NpgsqlDbType.Integer, c => c.Value), p.Clone());
        }
        if (tally.Daily.Count > 0)
        {
            var daily = tally.Daily.ToList();
            writes.Add("""
                INSERT INTO ops_daily (office_code, day, partition, registered, departed, arrived)
                SELECT o, d, $6, r, dep, arr FROM unnest($1, $2, $3, $4, $5) AS x(o, d, r, dep, arr)
                ON CONFLICT (office_code, day, partition) DO UPDATE SET
                    registered = ops_daily.registered + excluded.registered,
                    departed = ops_daily.departed + excluded.departed,
                    arrived = ops_daily.arrived + excluded.arrived
                """,
                ProjectionWrites.Column(daily, NpgsqlDbType.Text, d => d.Key.Office),
                ProjectionWrites.Column(daily, NpgsqlDbType.Date, d => d.Key.Day),
                ProjectionWrites.Column(daily, NpgsqlDbType.Integer, d => d.Value.Registered),
                ProjectionWrites.Column(daily, NpgsqlDbType.Integer, d => d.Value.Departed),
                ProjectionWrites.Column(daily, NpgsqlDbType.Integer, d => d.Value.Arrived), p.Clone());
        }
        var nationalities = tally.Nationalities.Where(n => n.Value != default).ToList();
        if (nationalities.Count > 0)
        {
            writes.Add("""
                INSERT INTO ops_nationalities (office_code, nationality, partition, registered, open)
                SELECT o, n, $5, r, op FROM unnest($1, $2, $3, $4) AS x(o, n, r, op)
                ON CONFLICT (office_code, nationality, partition) DO UPDATE SET
                    registered = ops_nationalities.registered + excluded.registered, open = ops_nationalities.open + excluded.open
                """,
                ProjectionWrites.Column(nationalities, NpgsqlDbType.Text, n => n.Key.Office),
                ProjectionWrites.Column(nationalities, NpgsqlDbType.Text, n => n.Key.Nationality),
                ProjectionWrites.Column(nationalities, NpgsqlDbType.Integer, n => n.Value.Registered),
                ProjectionWrites.Column(nationalities, NpgsqlDbType.Integer, n => n.Value.Open), p.Clone());
        }
        var referrals = tally.Referrals.Where(r => r.Value.Any(v => v != 0)).ToList();
        if (referrals.Count > 0)
        {
            writes.Add("""
                INSERT INTO ops_referrals (from_code, to_code, kind, partition, sent, open, overdue, accepted, declined, completed, cancelled)
                SELECT f, t, k, $11, s, o, od, a, d, c, x FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) AS r(f, t, k, s, o, od, a, d, c, x)
                ON CONFLICT (from_code, to_code, kind, partition) DO UPDATE SET
                    sent = ops_referrals.sent + excluded.sent, open = ops_referrals.open + excluded.open,
                    overdue = ops_referrals.overdue + excluded.overdue, accepted = ops_referrals.accepted + excluded.accepted,
                    declined = ops_referrals.declined + excluded.declined, completed = ops_referrals.completed + excluded.completed,
                    cancelled = ops_referrals.cancelled + excluded.cancelled
                """,
                ProjectionWrites.Column(referrals, NpgsqlDbType.Text, r => r.Key.From),
                ProjectionWrites.Column(referrals, NpgsqlDbType.Text, r => r.Key.To),
                ProjectionWrites.Column(referrals, NpgsqlDbType.Text, r => r.Key.Kind),
                ProjectionWrites.Column(referrals, NpgsqlDbType.Integer, r => r.Value[Sent]),
                ProjectionWrites.Column(referrals, NpgsqlDbType.Integer, r => r.Value[Open]),
                ProjectionWrites.Column(referrals, NpgsqlDbType.Integer, r => r.Value[Overdue]),
                ProjectionWrites.Column(referrals, NpgsqlDbType.Integer, r => r.Value[Accepted]),
                ProjectionWrites.Column(referrals, NpgsqlDbType.Integer, r => r.Value[Declined]),
                ProjectionWrites.Column(referrals, NpgsqlDbType.Integer, r => r.Value[Completed]),
                ProjectionWrites.Column(referrals, NpgsqlDbType.Integer, r => r.Value[Cancelled]), p.Clone());
        }
        if (tally.Breaches.Count > 0)
        {
            var breaches = tally.Breaches.ToList();
            writes.Add("""
                INSERT INTO ops_breaches (from_code, to_code, day, partition, breaches)
                SELECT f, t, d, $5, n FROM unnest($1, $2, $3, $4) AS b(f, t, d, n)
                ON CONFLICT (from_code, to_code, day, partition) DO UPDATE SET breaches = ops_breaches.breaches + excluded.breaches
                """,
                ProjectionWrites.Column(breaches, NpgsqlDbType.Text, b => b.Key.From),
                ProjectionWrites.Column(breaches, NpgsqlDbType.Text, b => b.Key.To),
                ProjectionWrites.Column(breaches, NpgsqlDbType.Date, b => b.Key.Day),
                ProjectionWrites.Column(breaches, NpgsqlDbType.Integer, b => b.Value), p.Clone());
        }
        if (tally.Durations.Count > 0)
        {
            var durations = tally.Durations.ToList();
            writes.Add("""
                INSERT INTO ops_durations (measure, office_code, subject, bucket, partition, count, seconds)
                SELECT m, o, s, b, $7, n, sec FROM unnest($1, $2, $3, $4, $5, $6) AS d(m, o, s, b, n, sec)
                ON CONFLICT (measure, office_code, subject, bucket, partition) DO UPDATE SET
                    count = ops_durations.count + excluded.count, seconds = ops_durations.seconds + excluded.seconds
                """,
                ProjectionWrites.Column(durations, NpgsqlDbType.Text, d => d.Key.Measure),
                ProjectionWrites.Column(durations, NpgsqlDbType.Text, d => d.Key.Office),
                ProjectionWrites.Column(durations, NpgsqlDbType.Text, d => d.Key.Subject),
                ProjectionWrites.Column(durations, NpgsqlDbType.Smallint, d => d.Key.Bucket),
                ProjectionWrites.Column(durations, NpgsqlDbType.Integer, d => d.Value.Count),
                ProjectionWrites.Column(durations, NpgsqlDbType.Double, d => d.Value.Seconds), p.Clone());
        }
    }
}
