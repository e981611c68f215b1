using System.Net;
using Coordination.Api.Idempotency;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Coordination.Api.Tests;

/// <summary>
/// Stored answers to keyed requests (they may hold personal data) are kept for a limited time,
/// 72 hours by default: then they are deleted, and a key sent again is answered afresh rather than
/// from storage (the actors still know the operation, so nothing is done twice).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class IdempotentAnswerExpiryTests(ApiFixture fixture)
{
    private readonly Dictionary<string, string> _bodies = [];

    /// <summary>Registers with the key; the same key always sends the same body.</summary>
    private async Task<HttpResponseMessage> RegisterAsync(string key)
    {
        if (!_bodies.TryGetValue(key, out var body))
        {
            _bodies[key] = body = Json.RegistrationBody("TUX").ToJsonString();
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/cases") { Content = Json.Raw(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await fixture.Http.SendAsync(request);
    }

    private async Task AgeAsync(string key, TimeSpan by)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE api_idempotency SET started_at = started_at - $1, completed_at = completed_at - $1 WHERE key = $2", connection);
        command.Parameters.AddWithValue(by);
        command.Parameters.AddWithValue(key);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<long> StoredAsync(string key)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM api_idempotency WHERE key = $1", connection);
        command.Parameters.AddWithValue(key);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_key_sent_again_within_72_hours_is_replayed_and_after_that_answered_afresh_without_acting_twice()
    {
        var key = Guid.NewGuid().ToString();
        var first = await (await RegisterAsync(key)).BodyAsync();
        await AgeAsync(key, TimeSpan.FromHours(71));
        var replayed = await RegisterAsync(key);
        await AgeAsync(key, TimeSpan.FromHours(2));

        var afterExpiry = await RegisterAsync(key);

        Assert.True(replayed.Headers.Contains(IdempotencyMiddleware.ReplayedHeader));
        Assert.Equal(first["caseNumber"]!.GetValue<string>(), (await replayed.BodyAsync())["caseNumber"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, afterExpiry.StatusCode);
        Assert.False(afterExpiry.Headers.Contains(IdempotencyMiddleware.ReplayedHeader));
        Assert.Equal(first["caseNumber"]!.GetValue<string>(), (await afterExpiry.BodyAsync())["caseNumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task Expired_answers_are_deleted_and_recent_ones_kept()
    {
        var old = Guid.NewGuid().ToString();
        var recent = Guid.NewGuid().ToString();
        await RegisterAsync(old);
        await RegisterAsync(recent);
        await AgeAsync(old, TimeSpan.FromHours(73));

        var deleted = await fixture.Api.Services.GetRequiredService<ExpiredAnswerPurge>().PurgeAsync();

        Assert.True(deleted >= 1);
        Assert.Equal(0, await StoredAsync(old));
        Assert.Equal(1, await StoredAsync(recent));
    }
}
