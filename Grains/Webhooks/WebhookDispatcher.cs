using System.Diagnostics;
using System.Text;
using Coordination.Grains.Authorities;
using Coordination.Grains.EventLog;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Authorities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Coordination.Grains.Webhooks;

/// <summary>
/// Sends queued webhook deliveries from each silo. A subscription is sent by one silo at a time (an
/// advisory lock on a connection of its own, released when the silo dies), the oldest pending
/// delivery of each case first: a case's next event waits while its previous one is retried, other
/// cases go on. An attempt is retried at once a few times with exponential back-off and jitter (Polly),
/// then the delivery waits (doubling) and is tried again, until it is dead-lettered after the
/// configured time. Every attempt is recorded. Outbound calls go only to allow-listed hosts, never
/// follow redirects, time out, and never send more than the size limit.
/// </summary>
public sealed class WebhookDispatcher : BackgroundService
{
    // The first key of the two-key advisory lock; the second is a hash of the subscription.
    private const int LockClass = 0x57656268; // "Webh"
    private const int Batch = 50;

    private readonly NpgsqlDataSource _database;
    private readonly NpgsqlDataSource _sessions;
    private readonly StreamTypeRegistry _streams;
    private readonly SubjectKeyRing _keys;
    private readonly WebhookSecrets _secrets;
    private readonly WebhookOptions _options;
    private readonly AuthorityCatalogOptions _authorities;
    private readonly TimeProvider _clock;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public WebhookDispatcher(NpgsqlDataSource database, [FromKeyedServices(EventLogDaemon.SessionConnections)] NpgsqlDataSource sessions,
        StreamTypeRegistry streams, SubjectKeyRing keys, WebhookSecrets secrets, IOptions<WebhookOptions> options,
        IOptions<AuthorityCatalogOptions> authorities, TimeProvider clock, ILogger<WebhookDispatcher> logger)
    {
        (_database, _sessions, _streams, _keys, _secrets, _options, _authorities, _clock, _logger) =
            (database, sessions, streams, keys, secrets, options.Value, authorities.Value, clock, logger);
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = _options.AttemptTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            UseCookies = false,
        })
        { Timeout = Timeout.InfiniteTimeSpan };
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (_options.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => !response.IsSuccessStatusCode),
                MaxRetryAttempts = _options.Retries,
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }
        _pipeline = builder.AddTimeout(_options.AttemptTimeout).Build();
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        NpgsqlConnection? session = null;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                session ??= await _sessions.OpenConnectionAsync(stopping);
                if (await RoundAsync(session, stopping) == 0)
                {
                    await Task.Delay(_options.PollInterval, _clock, stopping);
                }
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                _logger.LogWarning(e, "Webhook deliveries stopped for a moment ({Cause}); trying again", StorageFailures.Describe(e));
                if (session is not null)
                {
                    await session.DisposeAsync();
                    session = null;
                }
                await Task.Delay(_options.PollInterval * 5, _clock, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        if (session is not null)
        {
            await session.DisposeAsync();
        }
    }

    private sealed record Subscription(Guid Id, string Url, bool PersonalData, string? Recipient, byte[] Secret, byte[]? PreviousSecret, DateTimeOffset? PreviousValidUntil);

    private sealed record Due(long Id, Guid EventId, string EventType, string StreamId, int Version, string? CaseNumber, int Attempts, DateTimeOffset? FirstFailedAt);

    /// <summary>One pass over every subscription this silo can lock; answers how many deliveries succeeded.</summary>
    private async Task<int> RoundAsync(NpgsqlConnection session, CancellationToken stopping)
    {
        var subscriptions = new List<Subscription>();
        await using (var command = _database.CreateCommand("""
            SELECT id, url, personal_data, recipient, secret, previous_secret, previous_secret_valid_until
              FROM webhook_subscriptions WHERE deleted_at IS NULL
            """))
        await using (var reader = await command.ExecuteReaderAsync(stopping))
        {
            while (await reader.ReadAsync(stopping))
            {
                subscriptions.Add(new Subscription(reader.GetGuid(0), reader.GetString(1), reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetFieldValue<byte[]>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<byte[]>(5),
                    reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
            }
        }
        var delivered = 0;
        foreach (var subscription in subscriptions)
        {
            if (!await LockAsync(session, "pg_try_advisory_lock", subscription.Id, stopping))
            {
                continue; // another silo is sending this subscription's deliveries
            }
            try
            {
                // Each is the oldest pending delivery of its case: sending them side by side keeps every case in order.
                await Parallel.ForEachAsync(await DueAsync(subscription.Id, stopping),
                    new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Concurrency), CancellationToken = stopping },
                    async (due, token) =>
                    {
                        if (await DeliverAsync(subscription, due, token))
                        {
                            Interlocked.Increment(ref delivered);
                        }
                    });
            }
            finally
            {
                await LockAsync(session, "pg_advisory_unlock", subscription.Id, CancellationToken.None);
            }
        }
        return delivered;
    }

    private static async Task<bool> LockAsync(NpgsqlConnection session, string function, Guid subscription, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {function}($1, hashtext($2))", session);
        command.Parameters.Add(new NpgsqlParameter { Value = LockClass });
        command.Parameters.Add(new NpgsqlParameter { Value = subscription.ToString("N") });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The oldest pending delivery of each case, if it is due.</summary>
    private async Task<IReadOnlyList<Due>> DueAsync(Guid subscription, CancellationToken stopping)
    {
        await using var command = _database.CreateCommand($"""
            SELECT id, event_id, event_type, stream_id, stream_version, case_number, attempts, first_failed_at FROM (
                SELECT DISTINCT ON (order_key) id, event_id, event_type, stream_id, stream_version, case_number, attempts, first_failed_at, next_attempt_at
                  FROM webhook_deliveries
                 WHERE subscription_id = $1 AND status = 'pending'
                 ORDER BY order_key, id) head
             WHERE next_attempt_at <= $2
             ORDER BY id
             LIMIT {Batch}
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = subscription });
        command.Parameters.Add(new NpgsqlParameter { Value = _clock.GetUtcNow() });
        var due = new List<Due>();
        await using var reader = await command.ExecuteReaderAsync(stopping);
        while (await reader.ReadAsync(stopping))
        {
            due.Add(new Due(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return due;
    }

    private async Task<bool> DeliverAsync(Subscription subscription, Due due, CancellationToken stopping)
    {
        var body = await PayloadAsync(subscription, due, stopping);
        if (body is null)
        {
            await FinishAsync(due, due.Attempts, delivered: false, "the event is no longer in the log", dead: true, stopping);
            return false;
        }
        if (Encoding.UTF8.GetByteCount(body) > _options.MaxPayloadBytes)
        {
            await FinishAsync(due, due.Attempts, delivered: false, $"the payload is larger than {_options.MaxPayloadBytes} bytes", dead: true, stopping);
            return false;
        }
        var messageId = $"msg_{due.EventId:N}";
        var attempt = due.Attempts;
        string? error = null;
        var ok = false;
        if (!Uri.TryCreate(subscription.Url, UriKind.Absolute, out var url) || !Allowed(url))
        {
            error = $"the host of {subscription.Url} is not on the allow-list";
        }
        else
        {
            try
            {
                using var response = await _pipeline.ExecuteAsync(async token =>
                {
                    var number = Interlocked.Increment(ref attempt);
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        var answer = await SendAsync(url, subscription, messageId, body, token);
                        await RecordAttemptAsync(due.Id, number, (int)answer.StatusCode, answer.IsSuccessStatusCode ? null : $"answered {(int)answer.StatusCode}", started);
                        return answer;
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !stopping.IsCancellationRequested)
                    {
                        await RecordAttemptAsync(due.Id, number, null, e is OperationCanceledException ? "timed out" : e.Message, started);
                        throw;
                    }
                }, stopping);
                ok = response.IsSuccessStatusCode;
                error = ok ? null : $"answered {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException && !stopping.IsCancellationRequested)
            {
                error = e is TimeoutRejectedException ? $"no answer within {_options.AttemptTimeout}" : e.Message;
            }
        }
        var now = _clock.GetUtcNow();
        var dead = !ok && now - (due.FirstFailedAt ?? now) >= _options.DeadLetterAfter;
        await FinishAsync(due, attempt, ok, error, dead, stopping);
        if (!ok)
        {
            _logger.LogInformation("Webhook delivery {Delivery} of {Event} to {Subscription} failed: {Error}{Dead}", due.Id, due.EventType, subscription.Id, error,
                dead ? " (dead-lettered)" : "");
        }
        return ok;
    }

    private bool Allowed(Uri url) =>
        (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && _options.AllowHttp))
        && _options.AllowedHosts.Contains(url.Host, StringComparer.OrdinalIgnoreCase);

    private async Task<HttpResponseMessage> SendAsync(Uri url, Subscription subscription, string messageId, string body, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        var secrets = new List<string> { _secrets.Open(subscription.Id, subscription.Secret) };
        if (subscription.PreviousSecret is { } previous && subscription.PreviousValidUntil > now)
        {
            secrets.Add(_secrets.Open(subscription.Id, previous));
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers =
            {
                { "webhook-id", messageId },
                { "webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                { "webhook-signature", WebhookSignature.Header(messageId, timestamp, body, secrets) },
            },
        };
        // Only the status matters: the answer's body is never read, whatever its size.
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private async Task<string?> PayloadAsync(Subscription subscription, Due due, CancellationToken stopping)
    {
        await using var command = _database.CreateCommand($"""
            SELECT {PostgresEventStore.EventColumns}, s.stream_type, s.subject_key_id, k.wrapped_key
              FROM events e
              JOIN event_streams s ON s.stream_id = e.stream_id
              LEFT JOIN subject_keys k ON k.key_id = s.subject_key_id
             WHERE e.stream_id = $1 AND e.version = $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = due.StreamId });
        command.Parameters.Add(new NpgsqlParameter { Value = due.Version });
        await using var reader = await command.ExecuteReaderAsync(stopping);
        if (!await reader.ReadAsync(stopping))
        {
            return null;
        }
        var column = PostgresEventStore.EventColumnCount;
        var type = _streams.Find(reader.GetString(column));
        var cipher = reader.IsDBNull(column + 2) ? null : _keys.Unwrap(reader.GetString(column + 1), reader.GetFieldValue<byte[]>(column + 2));
        var recorded = PostgresEventStore.ReadEvent(reader, LogPosition.Start, type, cipher);
        var consulate = subscription.Recipient is { } recipient && _authorities.Find(recipient)?.Kind == AuthorityKind.Consulate;
        var scope = new WebhookScope(subscription.PersonalData, subscription.PersonalData && !consulate);
        return WebhookPayloads.Build(recorded, type, due.EventType, due.CaseNumber, scope);
    }

    private async Task RecordAttemptAsync(long delivery, int attempt, int? status, string? error, long started)
    {
        await using var command = _database.CreateCommand("""
            INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (delivery_id, attempt) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = delivery });
        command.Parameters.Add(new NpgsqlParameter { Value = attempt });
        command.Parameters.Add(new NpgsqlParameter { Value = _clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)Truncate(error) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds });
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private async Task FinishAsync(Due due, int attempts, bool delivered, string? error, bool dead, CancellationToken stopping)
    {
        var now = _clock.GetUtcNow();
        // Rounds of attempts so far (each one try and its immediate retries): the wait doubles with each.
        var rounds = Math.Max(0, attempts / (_options.Retries + 1) - 1);
        var wait = TimeSpan.FromTicks(Math.Min(_options.MaxBackoff.Ticks, _options.Backoff.Ticks * (1L << Math.Min(rounds, 20))));
        await using var command = _database.CreateCommand("""
            UPDATE webhook_deliveries
               SET status = $2, attempts = $3, delivered_at = CASE WHEN $2 = 'delivered' THEN $4 END,
                   first_failed_at = CASE WHEN $2 = 'delivered' THEN first_failed_at ELSE coalesce(first_failed_at, $4) END,
                   next_attempt_at = $5, last_error = $6
             WHERE id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = due.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = delivered ? "delivered" : dead ? "dead" : "pending" });
        command.Parameters.Add(new NpgsqlParameter { Value = attempts });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = now + wait });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)Truncate(error) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(stopping);
    }

    private static string? Truncate(string? text) => text is { Length: > 500 } ? text[..500] : text;
}
