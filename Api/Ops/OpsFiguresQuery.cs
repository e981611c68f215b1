using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.Ops;
using Coordination.Grains.Interfaces.Referrals;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Coordination.Api.Ops;

/// <summary>
/// Reads the "ops" projection's counters (migration 0016) in one round trip and puts them together
/// for one office or the whole programme. Every table it reads holds a few rows per office,
/// counterpart, status or day and log partition, however many cases there are.
/// </summary>
public sealed class OpsFiguresQuery(NpgsqlDataSource database, IGrainFactory grains, TimeProvider clock, IOptions<OpsFiguresOptions> options)
{
    public const int Days = 30;
    private const int PendingCountLimit = 10_000;

    private static readonly CaseStatus[] Ended = [CaseStatus.Closed, CaseStatus.Ineligible, CaseStatus.Withdrawn];
    private readonly TimeZoneInfo _zone = options.Value.Zone();

    /// <summary>The offices the figures can be asked for, by code.</summary>
    public async Task<IReadOnlyList<OfficeSnapshot>> OfficesAsync() => await grains.GetGrain<IOfficeDirectoryGrain>(0).ListAsync();

    public async Task<OpsFigures> ReadAsync(string? office, CancellationToken cancellationToken)
    {
        var offices = await OfficesAsync();
        var now = clock.GetUtcNow();
        var today = OpsFiguresOptions.DayOf(now, _zone);
        var weekStart = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var firstDay = today.AddDays(1 - Days);
        var rows = await ReadRowsAsync(firstDay < weekStart ? firstDay : weekStart, now, cancellationToken);

        bool InScope(string code) => office is null || code == office;
        bool EitherSide(string from, string to) => office is null || from == office || to == office;

        var byStatus = Enum.GetValues<CaseStatus>()
            .Select(s => new StatusCount(s, rows.Cases.Where(c => InScope(c.Office) && c.Status == s).Sum(c => c.Cases), !Ended.Contains(s)))
            .ToList();
        var daily = Enumerable.Range(0, Days).Select(i => firstDay.AddDays(i)).Select(day =>
        {
            var of = rows.Daily.Where(d => d.Day == day && InScope(d.Office)).ToList();
            return new DayFigures(day, of.Sum(d => d.Registered), of.Sum(d => d.Departed), of.Sum(d => d.Arrived));
        }).ToList();
        var referrals = rows.Referrals.Where(r => EitherSide(r.From, r.To))
            .GroupBy(r => (r.To, r.Kind))
            .Select(g => new ReferralFigures(g.Key.To, g.Key.Kind, g.Sum(r => r.Sent), g.Sum(r => r.Open), g.Sum(r => r.Overdue),
                g.Sum(r => r.Accepted), g.Sum(r => r.Declined), g.Sum(r => r.Completed), g.Sum(r => r.Cancelled)))
            .OrderBy(r => r.To, StringComparer.Ordinal).ThenBy(r => r.Kind).ToList();
        var turnaround = rows.Durations.Where(d => d.Measure is OpsMeasures.Acknowledge or OpsMeasures.Answer && EitherSide(d.Office, d.Subject))
            .GroupBy(d => d.Subject, StringComparer.Ordinal)
            .Select(g =>
            {
                var acknowledge = Histogram(g.Where(d => d.Measure == OpsMeasures.Acknowledge));
                var answer = Histogram(g.Where(d => d.Measure == OpsMeasures.Answer));
                return new TurnaroundFigures(g.Key,
                    (int)acknowledge.Sum(b => b.Count), Ms(DurationBuckets.Quantile(acknowledge, 0.5)), Ms(DurationBuckets.Quantile(acknowledge, 0.9)),
                    (int)answer.Sum(b => b.Count), Ms(DurationBuckets.Quantile(answer, 0.5)), Ms(DurationBuckets.Quantile(answer, 0.9)));
            })
            .OrderBy(t => t.To, StringComparer.Ordinal).ToList();
        var breaches = rows.Breaches.Where(b => EitherSide(b.From, b.To) && b.Day >= weekStart).ToList();
        var slaBreaches = new SlaBreaches(
            breaches.Where(b => b.Day == today).Sum(b => b.Breaches),
            breaches.Sum(b => b.Breaches),
            [.. breaches.GroupBy(b => b.To, StringComparer.Ordinal)
                .Select(g => new CounterpartBreaches(g.Key, g.Where(b => b.Day == today).Sum(b => b.Breaches), g.Sum(b => b.Breaches)))
                .OrderBy(b => b.To, StringComparer.Ordinal)]);
        var timeInStatus = byStatus.Select(s =>
        {
            var left = Histogram(rows.Durations.Where(d => d.Measure == OpsMeasures.Status && d.Subject == s.Status.ToString() && InScope(d.Office)));
            var count = left.Sum(b => b.Count);
            return new StatusTime(s.Status, s.Cases, (int)count, Ms(DurationBuckets.Quantile(left, 0.5)), Ms(DurationBuckets.Quantile(left, 0.9)),
                count == 0 ? null : Ms(left.Sum(b => b.Seconds) / count));
        }).ToList();
        var nationalities = rows.Nationalities.Where(n => InScope(n.Office))
            .GroupBy(n => n.Nationality, StringComparer.Ordinal)
            .Select(g => new NationalityCount(g.Key, g.Sum(n => n.Registered), g.Sum(n => n.Open)))
            .Where(n => n.Registered != 0 || n.Open != 0)
            .OrderByDescending(n => n.Open).ThenByDescending(n => n.Registered).ThenBy(n => n.Nationality, StringComparer.Ordinal).ToList();
        var transfers = rows.Referrals.Where(r => r.Kind == ReferralKind.Transfer && EitherSide(r.From, r.To))
            .GroupBy(r => (r.From, r.To))
            .Select(g => new TransferFigures(g.Key.From, g.Key.To, g.Sum(r => r.Sent), g.Sum(r => r.Open), g.Sum(r => r.Accepted), g.Sum(r => r.Declined), g.Sum(r => r.Cancelled)))
            .OrderBy(t => t.From, StringComparer.Ordinal).ThenBy(t => t.To, StringComparer.Ordinal).ToList();
        var overview = offices.Select(o =>
        {
            var open = rows.Cases.Where(c => c.Office == o.Code && !Ended.Contains(c.Status)).Sum(c => c.Cases);
            var registeredToday = rows.Daily.Where(d => d.Office == o.Code && d.Day == today).Sum(d => d.Registered);
            var sent = rows.Referrals.Where(r => r.From == o.Code || r.To == o.Code).ToList();
            var breachedThisWeek = rows.Breaches.Where(b => (b.From == o.Code || b.To == o.Code) && b.Day >= weekStart).Sum(b => b.Breaches);
            return new OfficeOverview(o.Code, o.Name, open, registeredToday, sent.Sum(r => r.Open), sent.Sum(r => r.Overdue), breachedThisWeek);
        }).ToList();

        return new OpsFigures(office, now, _zone.Id, today, weekStart, rows.Lag, overview,
            byStatus.Where(s => s.Open).Sum(s => s.Cases), byStatus, daily, referrals, turnaround, slaBreaches, timeInStatus, nationalities, transfers);
    }

    /// <summary>Seconds to the millisecond: sums of durations added up in other batches (after a rebuild) differ only beyond it.</summary>
    private static double? Ms(double? seconds) => seconds is { } s ? Math.Round(s, 3) : null;

    private static List<(short Bucket, long Count, double Seconds)> Histogram(IEnumerable<DurationRow> rows) =>
        [.. rows.GroupBy(r => r.Bucket).Select(g => (g.Key, g.Sum(r => r.Count), g.Sum(r => r.Seconds)))];

    private sealed record CaseRow(string Office, CaseStatus Status, int Cases);
    private sealed record DailyRow(string Office, DateOnly Day, int Registered, int Departed, int Arrived);
    private sealed record NationalityRow(string Office, string Nationality, int Registered, int Open);
    private sealed record ReferralRow(string From, string To, ReferralKind Kind, int Sent, int Open, int Overdue, int Accepted, int Declined, int Completed, int Cancelled);
    private sealed record BreachRow(string From, string To, DateOnly Day, int Breaches);
    private sealed record DurationRow(string Measure, string Office, string Subject, short Bucket, long Count, double Seconds);

    private sealed record Rows(
        List<CaseRow> Cases, List<DailyRow> Daily, List<NationalityRow> Nationalities, List<ReferralRow> Referrals,
        List<BreachRow> Breaches, List<DurationRow> Durations, ProjectionLag Lag);

    private async Task<Rows> ReadRowsAsync(DateOnly since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new("SELECT office_code, status, sum(cases)::int FROM ops_cases GROUP BY 1, 2"),
                new("SELECT office_code, day, sum(registered)::int, sum(departed)::int, sum(arrived)::int FROM ops_daily WHERE day >= $1 GROUP BY 1, 2")
                    { Parameters = { new() { Value = since } } },
                new("SELECT office_code, nationality, sum(registered)::int, sum(open)::int FROM ops_nationalities GROUP BY 1, 2"),
                new("""
                    SELECT from_code, to_code, kind, sum(sent)::int, sum(open)::int, sum(overdue)::int, sum(accepted)::int,
                           sum(declined)::int, sum(completed)::int, sum(cancelled)::int
                      FROM ops_referrals GROUP BY 1, 2, 3
                    """),
                new("SELECT from_code, to_code, day, sum(breaches)::int FROM ops_breaches WHERE day >= $1 GROUP BY 1, 2, 3")
                    { Parameters = { new() { Value = since } } },
                new("SELECT measure, office_code, subject, bucket, sum(count)::bigint, sum(seconds) FROM ops_durations GROUP BY 1, 2, 3, 4"),
                // The projection's lag: events after its checkpoint in each partition of the log.
                new($"""
                    SELECT count(pending.recorded_at), min(pending.recorded_at)
                      FROM generate_series(0, 7) AS p -- the log's 8 partitions (LogPartitions.Count, fixed for the life of a database)
                      LEFT JOIN event_checkpoints c ON c.subscription = 'ops' AND c.partition = p
                      LEFT JOIN LATERAL (
                            SELECT e.recorded_at FROM events e
                             WHERE e.partition = p AND (e.tx_id, e.position) > (coalesce(c.tx_id, 0), coalesce(c.position, 0))
                             ORDER BY e.tx_id, e.position LIMIT {PendingCountLimit}) pending ON true
                    """),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var cases = new List<CaseRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (Enum.TryParse<CaseStatus>(reader.GetString(1), out var status))
            {
                cases.Add(new CaseRow(reader.GetString(0), status, reader.GetInt32(2)));
            }
        }
        await reader.NextResultAsync(cancellationToken);
        var daily = new List<DailyRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            daily.Add(new DailyRow(reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4)));
        }
        await reader.NextResultAsync(cancellationToken);
        var nationalities = new List<NationalityRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            nationalities.Add(new NationalityRow(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3)));
        }
        await reader.NextResultAsync(cancellationToken);
        var referrals = new List<ReferralRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (Enum.TryParse<ReferralKind>(reader.GetString(2), out var kind))
            {
                referrals.Add(new ReferralRow(reader.GetString(0), reader.GetString(1), kind, reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5),
                    reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9)));
            }
        }
        await reader.NextResultAsync(cancellationToken);
        var breaches = new List<BreachRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            breaches.Add(new BreachRow(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), reader.GetInt32(3)));
        }
        await reader.NextResultAsync(cancellationToken);
        var durations = new List<DurationRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            durations.Add(new DurationRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt16(3), reader.GetInt64(4), reader.GetDouble(5)));
        }
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var pending = reader.GetInt64(0);
        DateTimeOffset? oldest = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1);
        var lag = new ProjectionLag(pending, oldest, oldest is { } at ? Math.Max(0, Math.Round((now - at).TotalSeconds, 1)) : 0);
        return new Rows(cases, daily, nationalities, referrals, breaches, durations, lag);
    }
}
