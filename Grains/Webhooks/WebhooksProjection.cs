using Coordination.Grains.EventLog;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Projections;
using Npgsql;
using NpgsqlTypes;

namespace Coordination.Grains.Webhooks;

/// <summary>
/// The "webhooks" projection: queues each event for every subscription that wants it (its type,
/// its office, recorded after the subscription was made), in the transaction that moves the
/// projection's checkpoint, so an event is queued for a subscriber exactly once. The dispatcher
/// sends the queue. A rebuild reads the log again and queues nothing twice.
/// </summary>
public sealed class WebhooksProjection : IProjection
{
    public const string ProjectionName = "webhooks";

    public string Name => ProjectionName;

    public IReadOnlyList<string> Tables { get; } = [];

    public bool Handles(RecordedEvent recorded) => recorded.StreamType == EventStreams.Case.Name || recorded.StreamType == EventStreams.Referral.Name;

    /// <summary>Queued a quarter of a second later (the dispatcher polls every second anyway), for a fifth of the commits.</summary>
    public TimeSpan BatchWindow => TimeSpan.FromMilliseconds(250);

    public async Task ProjectAsync(IReadOnlyList<RecordedEvent> events, NpgsqlBatch writes, CancellationToken cancellationToken)
    {
        var subscriptions = new List<(Guid Id, string[] Types, string[] Offices, DateTimeOffset Since)>();
        await using (var read = new NpgsqlCommand("SELECT id, event_types, offices, created_at FROM webhook_subscriptions WHERE deleted_at IS NULL", writes.Connection, writes.Transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                subscriptions.Add((reader.GetGuid(0), reader.GetFieldValue<string[]>(1), reader.GetFieldValue<string[]>(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }
        if (subscriptions.Count == 0)
        {
            return;
        }

        var rows = new List<(Guid Subscription, RecordedEvent Event, string Type, string? CaseNumber)>();
        foreach (var recorded in events)
        {
            var type = WebhookEventTypes.Of(recorded);
            var (caseNumber, office) = WebhookEventTypes.Scope(recorded);
            foreach (var subscription in subscriptions)
            {
                if (recorded.RecordedAt >= subscription.Since
                    && (subscription.Types.Contains(WebhookEventTypes.All) || subscription.Types.Contains(type))
                    && (subscription.Offices.Length == 0 || (office is not null && subscription.Offices.Contains(office))))
                {
                    rows.Add((subscription.Id, recorded, type, caseNumber));
                }
            }
        }
        if (rows.Count == 0)
        {
            return;
        }
        writes.Add("""
            INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, stream_id, stream_version, order_key, case_number)
            SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (subscription_id, event_id) DO NOTHING
            """,
            ProjectionWrites.Column(rows, NpgsqlDbType.Uuid, r => r.Subscription),
            ProjectionWrites.Column(rows, NpgsqlDbType.Uuid, r => r.Event.EventId),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Type),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.Event.StreamId),
            ProjectionWrites.Column(rows, NpgsqlDbType.Integer, r => r.Event.Version),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.CaseNumber ?? r.Event.StreamId),
            ProjectionWrites.Column(rows, NpgsqlDbType.Text, r => r.CaseNumber));
    }
}
