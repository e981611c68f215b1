using Coordination.Grains.Authorities;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Webhooks;
using Coordination.Grains.Offices;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Concurrency;

namespace Coordination.Grains.Webhooks;

/// <summary>
/// Administrators' side of webhooks, on the silo because it holds what the answers depend on: the
/// allow-list, the offices and authorities, and the master key that seals each subscription's secret.
/// Keeps no state of its own (everything is in PostgreSQL).
/// </summary>
[StatelessWorker]
public sealed class WebhookSubscriptionsGrain(
    NpgsqlDataSource database,
    WebhookSecrets secrets,
    IOptions<WebhookOptions> options,
    IOptions<OfficeCatalogOptions> offices,
    IOptions<AuthorityCatalogOptions> authorities,
    TimeProvider clock) : Grain, IWebhookSubscriptionsGrain
{
    private const string Columns = """
        s.id, s.url, s.event_types, s.offices, s.personal_data, s.recipient, s.description, s.created_at, s.created_by, s.previous_secret_valid_until,
        (SELECT count(*) FILTER (WHERE status = 'pending') FROM webhook_deliveries d WHERE d.subscription_id = s.id)::int,
        (SELECT count(*) FILTER (WHERE status = 'delivered') FROM webhook_deliveries d WHERE d.subscription_id = s.id)::int,
        (SELECT count(*) FILTER (WHERE status = 'dead') FROM webhook_deliveries d WHERE d.subscription_id = s.id)::int
        """;

    public Task<WebhookSubscriptionChange> CreateAsync(WebhookSubscriptionRequest request, string createdBy) => StorageFailures.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return new WebhookSubscriptionChange(null, null, errors);
        }
        var id = Guid.CreateVersion7();
        var secret = WebhookSignature.NewSecret();
        await using var command = database.CreateCommand("""
            INSERT INTO webhook_subscriptions (id, url, event_types, offices, personal_data, recipient, description, secret, created_at, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Url.Trim() });
        command.Parameters.Add(new NpgsqlParameter { Value = request.EventTypes.Distinct().ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Offices.Distinct().ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = request.PersonalData });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)request.Recipient ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)request.Description?.Trim() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = secrets.Seal(id, secret) });
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter { Value = createdBy });
        await command.ExecuteNonQueryAsync();
        return new WebhookSubscriptionChange(await FindAsync(id), secret, null);
    });

    public Task<IReadOnlyList<WebhookSubscription>> ListAsync() => StorageFailures.GuardAsync(async () =>
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM webhook_subscriptions s WHERE s.deleted_at IS NULL ORDER BY s.created_at DESC, s.id");
        return await ReadAsync(command);
    });

    public Task<WebhookSubscription?> GetAsync(Guid id) => StorageFailures.GuardAsync(() => FindAsync(id));

    public Task<WebhookSubscriptionChange?> RotateSecretAsync(Guid id, TimeSpan overlap) => StorageFailures.GuardAsync<WebhookSubscriptionChange?>(async () =>
    {
        if (overlap < TimeSpan.Zero || overlap > options.Value.MaxRotationOverlap)
        {
            return new WebhookSubscriptionChange(null, null, new Dictionary<string, string[]>
            {
                ["overlapHours"] = [$"The overlap is between 0 and {options.Value.MaxRotationOverlap.TotalHours:0} hours."],
            });
        }
        var secret = WebhookSignature.NewSecret();
        // The secret being replaced keeps signing (beside the new one) until the overlap ends.
        await using var command = database.CreateCommand("""
            UPDATE webhook_subscriptions
               SET previous_secret = secret, previous_secret_valid_until = $3, secret = $2
             WHERE id = $1 AND deleted_at IS NULL
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = secrets.Seal(id, secret) });
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() + overlap });
        return await command.ExecuteNonQueryAsync() == 0 ? null : new WebhookSubscriptionChange(await FindAsync(id), secret, null);
    });

    public Task<bool> DeleteAsync(Guid id) => StorageFailures.GuardAsync(async () =>
    {
        await using var command = database.CreateCommand("UPDATE webhook_subscriptions SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        return await command.ExecuteNonQueryAsync() > 0;
    });

    public Task<IReadOnlyList<WebhookDelivery>?> DeliveriesAsync(Guid id, WebhookDeliveryStatus? status, int limit) =>
        StorageFailures.GuardAsync<IReadOnlyList<WebhookDelivery>?>(async () =>
        {
            if (await FindAsync(id) is null)
            {
                return null;
            }
            await using var command = database.CreateCommand("""
                SELECT d.id, d.event_id, d.event_type, d.stream_id, d.case_number, d.status, d.created_at, d.next_attempt_at, d.delivered_at, d.last_error,
                       coalesce((SELECT array_agg(a.attempt ORDER BY a.attempt) FROM webhook_attempts a WHERE a.delivery_id = d.id), '{}'),
                       coalesce((SELECT array_agg(a.at ORDER BY a.attempt) FROM webhook_attempts a WHERE a.delivery_id = d.id), '{}'),
                       coalesce((SELECT array_agg(a.status_code ORDER BY a.attempt) FROM webhook_attempts a WHERE a.delivery_id = d.id), '{}'),
                       coalesce((SELECT array_agg(a.error ORDER BY a.attempt) FROM webhook_attempts a WHERE a.delivery_id = d.id), '{}'),
                       coalesce((SELECT array_agg(a.duration_ms ORDER BY a.attempt) FROM webhook_attempts a WHERE a.delivery_id = d.id), '{}')
                  FROM webhook_deliveries d
                 WHERE d.subscription_id = $1 AND ($2::text IS NULL OR d.status = $2)
                 ORDER BY d.id DESC
                 LIMIT $3
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)status?.ToString().ToLowerInvariant() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = Math.Clamp(limit, 1, 500) });
            var deliveries = new List<WebhookDelivery>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var numbers = reader.GetFieldValue<int[]>(10);
                var times = reader.GetFieldValue<DateTime[]>(11);
                var codes = reader.GetFieldValue<int?[]>(12);
                var errors = reader.GetFieldValue<string?[]>(13);
                var durations = reader.GetFieldValue<int[]>(14);
                deliveries.Add(new WebhookDelivery(reader.GetInt64(0), id, $"msg_{reader.GetGuid(1):N}", reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), Enum.Parse<WebhookDeliveryStatus>(reader.GetString(5), ignoreCase: true),
                    reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7),
                    reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8), reader.IsDBNull(9) ? null : reader.GetString(9),
                    [.. numbers.Select((n, i) => new WebhookAttempt(n, new DateTimeOffset(DateTime.SpecifyKind(times[i], DateTimeKind.Utc)), codes[i], errors[i], durations[i]))]));
            }
            return deliveries;
        });

    public Task<bool?> ReplayAsync(Guid id, long deliveryId) => StorageFailures.GuardAsync<bool?>(async () =>
    {
        await using var command = database.CreateCommand("""
            UPDATE webhook_deliveries
               SET status = CASE WHEN status = 'delivered' THEN status ELSE 'pending' END,
                   next_attempt_at = CASE WHEN status = 'delivered' THEN next_attempt_at ELSE $3 END,
                   first_failed_at = CASE WHEN status = 'delivered' THEN first_failed_at END
             WHERE subscription_id = $1 AND id = $2
            RETURNING status
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = deliveryId });
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        return await command.ExecuteScalarAsync() is string status ? status != "delivered" : null;
    });

    private Dictionary<string, string[]> Validate(WebhookSubscriptionRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Uri.TryCreate(request.Url?.Trim(), UriKind.Absolute, out var url) || request.Url.Length > 2000 || !string.IsNullOrEmpty(url.UserInfo))
        {
            errors["url"] = ["An absolute http(s) URL without credentials, at most 2,000 characters."];
        }
        else if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && options.Value.AllowHttp))
        {
            errors["url"] = [options.Value.AllowHttp ? "The URL is http or https." : "The URL is https."];
        }
        else if (!options.Value.AllowedHosts.Contains(url.Host, StringComparer.OrdinalIgnoreCase))
        {
            errors["url"] = [$"The host {url.Host} is not on the allow-list (Coordination:Webhooks:AllowedHosts)."];
        }
        if (request.EventTypes is null || request.EventTypes.Count is 0 or > 100)
        {
            errors["eventTypes"] = ["One to 100 event types, e.g. ConsentRecorded, ReferralAccepted, notification.travel-desk, or * for all."];
        }
        else if (request.EventTypes.Where(t => t is null || !WebhookEventTypes.IsKnown(t)).ToList() is { Count: > 0 } unknown)
        {
            errors["eventTypes"] = [$"Unknown event types: {string.Join(", ", unknown.Take(5).Select(t => t is null ? "null" : t.Length > 64 ? t[..64] : t))}."];
        }
        if (request.Offices is null || request.Offices.Any(o => o is null || offices.Value.Find(o) is null))
        {
            errors["offices"] = ["Office codes (MEX, TAP, TUX, CJS, ACA), or none for every office."];
        }
        if (request.Recipient is { } recipient && authorities.Value.Find(recipient) is null)
        {
            errors["recipient"] = [$"'{(recipient.Length > 64 ? recipient[..64] : recipient)}' is not a configured authority."];
        }
        if (request.Description is { Length: > 200 } || (request.Description?.Any(char.IsControl) ?? false))
        {
            errors["description"] = ["At most 200 characters, without control characters."];
        }
        return errors;
    }

    private async Task<WebhookSubscription?> FindAsync(Guid id)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM webhook_subscriptions s WHERE s.id = $1 AND s.deleted_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await ReadAsync(command)).SingleOrDefault();
    }

    private static async Task<IReadOnlyList<WebhookSubscription>> ReadAsync(NpgsqlCommand command)
    {
        var found = new List<WebhookSubscription>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(new WebhookSubscription(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetFieldValue<string[]>(3),
                reader.GetBoolean(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetFieldValue<DateTimeOffset>(7), reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                reader.GetInt32(10), reader.GetInt32(11), reader.GetInt32(12)));
        }
        return found;
    }
}
