using System.Security.Cryptography;
using Coordination.Api.Cases;
using Coordination.Api.Problems;
using Coordination.Api.Security;
using Npgsql;

namespace Coordination.Api.Idempotency;

/// <summary>
/// Makes every POST with an Idempotency-Key safe to retry: the first response is stored in
/// PostgreSQL and a request with the same key (from the same caller) gets it again, changing
/// nothing. The same key with a different request is refused (422); a key whose first request is
/// still running answers 409. A first request that failed with a 5xx leaves no trace, so it can
/// be retried; one whose API process died is taken over after <see cref="AbandonedAfter"/>,
/// and the grains' operation ids make that second attempt change nothing the first one did.
/// Answers are kept for <see cref="IdempotencyOptions.AnswersKeptFor"/>: after that the request is
/// run again (the actors' operation ids still keep it from acting twice) and
/// <see cref="ExpiredAnswerPurge"/> deletes the old answer.
/// </summary>
internal sealed class IdempotencyMiddleware(
    RequestDelegate next, NpgsqlDataSource database, IProblemDetailsService problems, Microsoft.Extensions.Options.IOptions<IdempotencyOptions> options,
    Audit.AuditTrail trail, TimeProvider clock)
{
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromSeconds(30);

    // This process, and the keys it is running a request for right now. A key this process claimed
    // and is not running (its answer could not be stored) is taken over by a retry at once.
    private static readonly string Process = Guid.NewGuid().ToString("N");
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Caller, string Key), byte> Running = new();
    public const string ReplayedHeader = "Idempotency-Replayed";

    public async Task InvokeAsync(HttpContext context)
    {
        var key = context.Request.Headers[CaseCommands.IdempotencyKeyHeader].ToString();
        var caller = CallerMiddleware.Of(context);
        if (!HttpMethods.IsPost(context.Request.Method) || caller is null || !context.Request.Headers.ContainsKey(CaseCommands.IdempotencyKeyHeader))
        {
            await next(context); // no key
            return;
        }
        if (string.IsNullOrWhiteSpace(key) || key.Length > CaseCommands.MaxIdempotencyKeyLength)
        {
            // Refused here for every POST, also those that never read the key themselves, as the OpenAPI document declares.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new Microsoft.AspNetCore.Http.HttpValidationProblemDetails(new Dictionary<string, string[]>
                {
                    [CaseCommands.IdempotencyKeyHeader] = [$"The Idempotency-Key header must be 1 to {CaseCommands.MaxIdempotencyKeyLength} characters."],
                })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request has an invalid header.",
                },
            });
            return;
        }

        context.Request.EnableBuffering();
        var hash = await RequestHashAsync(context.Request);
        // Only one request of this process runs a key at a time; a second one waits its turn like one from elsewhere.
        var runningHere = !Running.TryAdd((caller.Name, key), 0);
        Claim claim;
        try
        {
            claim = await ClaimAsync(caller.Name, key, context.Request, hash, runningHere);
        }
        catch
        {
            ReleaseRunning(caller.Name, key, runningHere);
            throw;
        }
        if (claim is not Claim.Mine)
        {
            ReleaseRunning(caller.Name, key, runningHere);
        }
        switch (claim)
        {
            case Claim.Replay replay:
                // A replayed answer may carry personal data: it is audited like the first one, before it is sent.
                if (context.GetEndpoint()?.Metadata.GetMetadata<Audit.AuditedEndpoint>() is { } audited
                    && Audit.AuditFilter.Describe(context, audited, replay.Location, replay.StatusCode, clock.GetUtcNow(), " (replayed)") is { } entry)
                {
                    await trail.RecordAsync(entry);
                }
                await ReplayAsync(context, replay);
                return;
            case Claim.Mismatch:
                await ProblemAsync(context, StatusCodes.Status422UnprocessableEntity, "The Idempotency-Key was used for a different request.",
                    "Each key names one request: use a new key for a new request.");
                return;
            case Claim.InProgress:
                context.Response.Headers.RetryAfter = "1";
                await ProblemAsync(context, StatusCodes.Status409Conflict, "A request with this Idempotency-Key is still being processed.",
                    "Retry shortly to get its response.");
                return;
        }

        var original = context.Response.Body;
        await using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            try
            {
                await next(context);
            }
            catch
            {
                await ForgetAsync(caller.Name, key);
                throw;
            }
            finally
            {
                context.Response.Body = original;
            }

            if (context.Response.StatusCode >= 500)
            {
                await ForgetAsync(caller.Name, key);
            }
            else
            {
                await CompleteAsync(caller.Name, key, context.Response, captured.ToArray());
            }
        }
        finally
        {
            Running.TryRemove((caller.Name, key), out _);
        }
        captured.Position = 0;
        await captured.CopyToAsync(original);
    }

    private abstract record Claim
    {
        public sealed record Mine : Claim;
        public sealed record Mismatch : Claim;
        public sealed record InProgress : Claim;
        public sealed record Replay(int StatusCode, string? ContentType, string? Location, string? ETag, byte[] Body) : Claim;
    }

    /// <summary>
    /// Claims the key for this request, or says what was stored under it. Each step is its own
    /// statement, so that of two requests racing for a new key exactly one inserts it.
    /// </summary>
    private static void ReleaseRunning(string caller, string key, bool runningHere)
    {
        if (!runningHere)
        {
            Running.TryRemove((caller, key), out _);
        }
    }

    private async Task<Claim> ClaimAsync(string caller, string key, HttpRequest request, string hash, bool runningHere)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using (var insert = database.CreateCommand("""
                INSERT INTO api_idempotency (caller, key, method, path, request_hash, claimed_by) VALUES (@caller, @key, @method, @path, @hash, @process)
                ON CONFLICT (caller, key) DO UPDATE
                   SET method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash, claimed_by = EXCLUDED.claimed_by,
                       started_at = now(), completed_at = NULL, status_code = NULL, content_type = NULL, location = NULL, etag = NULL, body = NULL
                 WHERE api_idempotency.started_at < now() - @kept
                RETURNING 1
                """))
            {
                insert.Parameters.AddWithValue("kept", options.Value.AnswersKeptFor);
                insert.Parameters.AddWithValue("process", Process);
                insert.Parameters.AddWithValue("caller", caller);
                insert.Parameters.AddWithValue("key", key);
                insert.Parameters.AddWithValue("method", request.Method);
                insert.Parameters.AddWithValue("path", request.Path.ToString());
                insert.Parameters.AddWithValue("hash", hash);
                if (await insert.ExecuteScalarAsync() is not null)
                {
                    return new Claim.Mine();
                }
            }

            // An attempt left in flight by a process that died is taken over by the same request, after a
            // while; one this process claimed and is no longer running, at once.
            await using (var takeover = database.CreateCommand("""
                UPDATE api_idempotency SET started_at = now(), claimed_by = @process
                 WHERE caller = @caller AND key = @key AND completed_at IS NULL AND request_hash = @hash
                   AND (started_at < now() - @abandoned OR (claimed_by = @process AND NOT @running))
                RETURNING 1
                """))
            {
                takeover.Parameters.AddWithValue("process", Process);
                takeover.Parameters.AddWithValue("running", runningHere);
                takeover.Parameters.AddWithValue("caller", caller);
                takeover.Parameters.AddWithValue("key", key);
                takeover.Parameters.AddWithValue("hash", hash);
                takeover.Parameters.AddWithValue("abandoned", AbandonedAfter);
                if (await takeover.ExecuteScalarAsync() is not null)
                {
                    return new Claim.Mine();
                }
            }

            await using var select = database.CreateCommand("""
                SELECT request_hash, completed_at IS NOT NULL, status_code, content_type, location, etag, body
                  FROM api_idempotency WHERE caller = @caller AND key = @key
                """);
            select.Parameters.AddWithValue("caller", caller);
            select.Parameters.AddWithValue("key", key);
            await using var reader = await select.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                continue; // the other attempt failed and let the key go: try to claim it again
            }
            if (reader.GetString(0) != hash)
            {
                return new Claim.Mismatch();
            }
            if (!reader.GetBoolean(1))
            {
                return new Claim.InProgress();
            }
            return new Claim.Replay(reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? [] : reader.GetFieldValue<byte[]>(6));
        }
        return new Claim.InProgress();
    }

    private async Task CompleteAsync(string caller, string key, HttpResponse response, byte[] body)
    {
        await using var command = database.CreateCommand("""
            UPDATE api_idempotency
               SET completed_at = now(), status_code = @status, content_type = @contentType, location = @location, etag = @etag, body = @body
             WHERE caller = @caller AND key = @key
            """);
        command.Parameters.AddWithValue("caller", caller);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("status", response.StatusCode);
        command.Parameters.AddWithValue("contentType", OrNull(response.ContentType));
        command.Parameters.AddWithValue("location", OrNull(response.Headers.Location.ToString()));
        command.Parameters.AddWithValue("etag", OrNull(response.Headers.ETag.ToString()));
        command.Parameters.AddWithValue("body", body);
        await command.ExecuteNonQueryAsync();
    }

    private static object OrNull(string? value) => string.IsNullOrEmpty(value) ? DBNull.Value : value;

    private async Task ForgetAsync(string caller, string key)
    {
        await using var command = database.CreateCommand("DELETE FROM api_idempotency WHERE caller = @caller AND key = @key AND completed_at IS NULL");
        command.Parameters.AddWithValue("caller", caller);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ReplayAsync(HttpContext context, Claim.Replay replay)
    {
        context.Response.StatusCode = replay.StatusCode;
        context.Response.ContentType = replay.ContentType;
        if (replay.Location is not null)
        {
            context.Response.Headers.Location = replay.Location;
        }
        if (replay.ETag is not null)
        {
            context.Response.Headers.ETag = replay.ETag;
        }
        context.Response.Headers[ReplayedHeader] = "true";
        await context.Response.Body.WriteAsync(replay.Body);
    }

    private Task ProblemAsync(HttpContext context, int status, string title, string detail) =>
        problems.WriteProblemAsync(context, status, title, detail);

    private static async Task<string> RequestHashAsync(HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
        request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
