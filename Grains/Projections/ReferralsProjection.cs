using Coordination.Grains.EventLog;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Referrals;
using Npgsql;
using NpgsqlTypes;

namespace Coordination.Grains.Projections;

/// <summary>
/// The "referrals" projection: every referral as it stands (authority inboxes, transfers in and
/// out of each office) and each counterpart's turnaround per sending office. Turnaround counts a
/// referral's acknowledgement and answer when the board row first shows them, so each is counted
/// exactly once. A transfer that ends without its case (declined, cancelled) frees the place its
/// receiving office may hold for it.
/// </summary>
public sealed class ReferralsProjection : IProjection
{
    public const string ProjectionName = "referrals";

    public string Name => ProjectionName;

    public IReadOnlyList<string> Tables { get; } = ["referral_board", "referral_turnaround"];

    public async Task ApplyAsync(IReadOnlyList<RecordedEvent> events, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var referralEvents = events.Where(e => e.StreamType == EventStreams.Referral.Name).ToList();
        if (referralEvents.Count == 0)
        {
            return;
        }
        var known = await KnownAsync(connection, transaction, [.. referralEvents.Select(e => e.StreamId).Distinct()], cancellationToken);
        var rows = new Dictionary<string, (ReferralSummary Summary, int Version)>(StringComparer.Ordinal);
        var turnaround = new SortedDictionary<(string To, string From), (int Acknowledged, double AcknowledgeSeconds, int Answered, double AnswerSeconds)>();
        var released = new List<string>();

        foreach (var recorded in referralEvents)
        {
            if (recorded.Metadata.SummaryAs<ReferralSummary>() is not { } summary)
            {
                continue;
            }
            var before = rows.TryGetValue(recorded.StreamId, out var row) ? (row.Summary.AcknowledgedAt, row.Summary.AnsweredAt) : known.GetValueOrDefault(recorded.StreamId);
            var key = (summary.To, summary.From);
            var sums = turnaround.GetValueOrDefault(key);
            if (before.AcknowledgedAt is null && summary.AcknowledgedAt is { } acknowledged)
            {
                sums = (sums.Acknowledged + 1, sums.AcknowledgeSeconds + (acknowledged - summary.SentAt).TotalSeconds, sums.Answered, sums.AnswerSeconds);
            }
            if (before.AnsweredAt is null && summary.AnsweredAt is { } answered)
            {
                sums = (sums.Acknowledged, sums.AcknowledgeSeconds, sums.Answered + 1, sums.AnswerSeconds + (answered - summary.SentAt).TotalSeconds);
            }
            if (sums != default)
            {
                turnaround[key] = sums;
            }
            rows[recorded.StreamId] = (summary, recorded.Version);
            if (summary.Kind == ReferralKind.Transfer && summary.Status is ReferralStatus.Declined or ReferralStatus.Cancelled)
            {
                released.Add(recorded.StreamId);
            }
        }

        await WriteBoardAsync(connection, transaction, rows, cancellationToken);
        await WriteTurnaroundAsync(connection, transaction, turnaround, cancellationToken);
        await CasesProjection.ReleasePlacesAsync(connection, transaction, released, cancellationToken);
    }

    private static async Task<Dictionary<string, (DateTimeOffset? AcknowledgedAt, DateTimeOffset? AnsweredAt)>> KnownAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] referralIds, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT referral_id, acknowledged_at, answered_at FROM referral_board WHERE referral_id = ANY($1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = referralIds });
        var known = new Dictionary<string, (DateTimeOffset?, DateTimeOffset?)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            known[reader.GetString(0)] = (
                reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2));
        }
        return known;
    }

    private static async Task WriteBoardAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Dictionary<string, (ReferralSummary Summary, int Version)> rows, CancellationToken cancellationToken)
    {
        var list = rows.ToList();
        await using var command = new NpgsqlCommand("""
            INSERT INTO referral_board (referral_id, kind, case_number, from_code, to_code, status, sent_at, due_at, acknowledged_at, answered_at,
                                        overdue, awaiting_answer, sla_running, version)
            SELECT * FROM unnest(@id, @kind, @case_number, @from_code, @to_code, @status, @sent_at, @due_at, @acknowledged_at, @answered_at,
                                 @overdue, @awaiting_answer, @sla_running, @version)
            ON CONFLICT (referral_id) DO UPDATE SET
                status = excluded.status, due_at = excluded.due_at, acknowledged_at = excluded.acknowledged_at, answered_at = excluded.answered_at,
                overdue = excluded.overdue, awaiting_answer = excluded.awaiting_answer, sla_running = excluded.sla_running, version = excluded.version
            """, connection, transaction);
        void Add<T>(string name, NpgsqlDbType type, Func<ReferralSummary, int, T> value) =>
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = list.Select(r => value(r.Value.Summary, r.Value.Version)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = list.Select(r => r.Key).ToArray() });
        Add("kind", NpgsqlDbType.Text, (s, _) => s.Kind.ToString());
        Add("case_number", NpgsqlDbType.Text, (s, _) => s.CaseNumber);
        Add("from_code", NpgsqlDbType.Text, (s, _) => s.From);
        Add("to_code", NpgsqlDbType.Text, (s, _) => s.To);
        Add("status", NpgsqlDbType.Text, (s, _) => s.Status.ToString());
        Add("sent_at", NpgsqlDbType.TimestampTz, (s, _) => s.SentAt);
        Add("due_at", NpgsqlDbType.TimestampTz, (s, _) => s.DueAt);
        Add("acknowledged_at", NpgsqlDbType.TimestampTz, (s, _) => s.AcknowledgedAt);
        Add("answered_at", NpgsqlDbType.TimestampTz, (s, _) => s.AnsweredAt);
        Add("overdue", NpgsqlDbType.Boolean, (s, _) => s.Overdue);
        Add("awaiting_answer", NpgsqlDbType.Boolean, (s, _) => s.Status is ReferralStatus.Sent or ReferralStatus.Acknowledged);
        Add("sla_running", NpgsqlDbType.Boolean, (s, _) => ReferralRules.SlaRunning(s.Kind, s.Status));
        Add("version", NpgsqlDbType.Integer, (_, v) => v);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteTurnaroundAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        SortedDictionary<(string To, string From), (int Acknowledged, double AcknowledgeSeconds, int Answered, double AnswerSeconds)> turnaround,
        CancellationToken cancellationToken)
    {
        if (turnaround.Count == 0)
        {
            return;
        }
        await using var command = new NpgsqlCommand("""
            INSERT INTO referral_turnaround (to_code, from_code, acknowledged, acknowledge_seconds, answered, answer_seconds)
            SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::float8[], $5::int[], $6::float8[])
            ON CONFLICT (to_code, from_code) DO UPDATE SET
                acknowledged = referral_turnaround.acknowledged + excluded.acknowledged,
                acknowledge_seconds = referral_turnaround.acknowledge_seconds + excluded.acknowledge_seconds,
                answered = referral_turnaround.answered + excluded.answered,
                answer_seconds = referral_turnaround.answer_seconds + excluded.answer_seconds
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = turnaround.Keys.Select(k => k.To).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = turnaround.Keys.Select(k => k.From).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = turnaround.Values.Select(v => v.Acknowledged).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = turnaround.Values.Select(v => v.AcknowledgeSeconds).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = turnaround.Values.Select(v => v.Answered).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = turnaround.Values.Select(v => v.AnswerSeconds).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
