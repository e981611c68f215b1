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

    public bool Handles(RecordedEvent recorded) => recorded.StreamType == EventStreams.Referral.Name;

    public async Task ProjectAsync(IReadOnlyList<RecordedEvent> referralEvents, NpgsqlBatch writes, CancellationToken cancellationToken)
    {
        var partition = LogPartitions.Of(referralEvents[0].StreamId);
        var known = await KnownAsync(writes, [.. referralEvents.Select(e => e.StreamId).Distinct()], cancellationToken);
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

        WriteBoard(writes, [.. rows]);
        WriteTurnaround(writes, partition, turnaround);
        writes.ReleasePlaces("referral_id", released);
    }

    private static async Task<Dictionary<string, (DateTimeOffset? AcknowledgedAt, DateTimeOffset? AnsweredAt)>> KnownAsync(
        NpgsqlBatch writes, string[] referralIds, CancellationToken cancellationToken)
    {
        await using var command = writes.Read("SELECT referral_id, acknowledged_at, answered_at FROM referral_board WHERE referral_id = ANY($1)", referralIds);
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

    private static void WriteBoard(NpgsqlBatch writes, IReadOnlyList<KeyValuePair<string, (ReferralSummary Summary, int Version)>> rows) =>
        writes.Add("""
            INSERT INTO referral_board (referral_id, kind, case_number, from_code, to_code, status, sent_at, due_at, acknowledged_at, answered_at,
                                        overdue, awaiting_answer, sla_running, version)
            SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT (referral_id) DO UPDATE SET
                status = excluded.status, due_at = excluded.due_at, acknowledged_at = excluded.acknowledged_at, answered_at = excluded.answered_at,
                overdue = excluded.overdue, awaiting_answer = excluded.awaiting_answer, sla_running = excluded.sla_running, version = excluded.version
            """,
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Key),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Value.Summary.Kind.ToString()),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Value.Summary.CaseNumber),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Value.Summary.From),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Value.Summary.To),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Value.Summary.Status.ToString()),
            ProjectionWrites.Column(rows, NpgsqlDbType.TimestampTz, r => r.Value.Summary.SentAt),
            ProjectionWrites.Column(rows, NpgsqlDbType.TimestampTz, r => r.Value.Summary.DueAt),
            ProjectionWrites.Column(rows, NpgsqlDbType.TimestampTz, r => r.Value.Summary.AcknowledgedAt),
            ProjectionWrites.Column(rows, NpgsqlDbType.TimestampTz, r => r.Value.Summary.AnsweredAt),
            ProjectionWrites.Column(rows, NpgsqlDbType.Boolean, r => r.Value.Summary.Overdue),
            ProjectionWrites.Column(rows, NpgsqlDbType.Boolean, r => r.Value.Summary.Status is ReferralStatus.Sent or ReferralStatus.Acknowledged),
            ProjectionWrites.Column(rows, NpgsqlDbType.Boolean, r => ReferralRules.SlaRunning(r.Value.Summary.Kind, r.Value.Summary.Status)),
            ProjectionWrites.Column(rows, NpgsqlDbType.Integer, r => r.Value.Version));

    // Keys are written in sorted order, so that two partitions' transactions lock shared rows in the same order.
    private static void WriteTurnaround(NpgsqlBatch writes, short partition,
        SortedDictionary<(string To, string From), (int Acknowledged, double AcknowledgeSeconds, int Answered, double AnswerSeconds)> turnaround)
    {
        if (turnaround.Count == 0)
        {
            return;
        }
        writes.Add("""
            INSERT INTO referral_turnaround (to_code, from_code, partition, acknowledged, acknowledge_seconds, answered, answer_seconds)
            SELECT to_code, from_code, $7, acknowledged, acknowledge_seconds, answered, answer_seconds
              FROM unnest($1, $2, $3, $4, $5, $6) AS t(to_code, from_code, acknowledged, acknowledge_seconds, answered, answer_seconds)
            ON CONFLICT (to_code, from_code, partition) DO UPDATE SET
                acknowledged = referral_turnaround.acknowledged + excluded.acknowledged,
                acknowledge_seconds = referral_turnaround.acknowledge_seconds + excluded.acknowledge_seconds,
                answered = referral_turnaround.answered + excluded.answered,
                answer_seconds = referral_turnaround.answer_seconds + excluded.answer_seconds
            """,
            ProjectionWrites.Column(turnaround, NpgsqlDbType.Text, t => t.Key.To),
            ProjectionWrites.Column(turnaround, NpgsqlDbType.Text, t => t.Key.From),
            ProjectionWrites.Column(turnaround, NpgsqlDbType.Integer, t => t.Value.Acknowledged),
            ProjectionWrites.Column(turnaround, NpgsqlDbType.Double, t => t.Value.AcknowledgeSeconds),
            ProjectionWrites.Column(turnaround, NpgsqlDbType.Integer, t => t.Value.Answered),
            ProjectionWrites.Column(turnaround, NpgsqlDbType.Double, t => t.Value.AnswerSeconds),
            new NpgsqlParameter { Value = partition });
    }
}
