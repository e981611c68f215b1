using System.Net;
using System.Text.Json.Nodes;

namespace Coordination.Api.Tests;

/// <summary>Subscribes the test receiver's subscribers through the API, as an administrator would.</summary>
internal static class WebhookSubscriptions
{
    public static async Task<(string Id, string Secret)> SubscribeAsync(this AutomationFixture fixture, string subscriber, string[] eventTypes,
        string[]? offices = null, bool personalData = false, string? recipient = null)
    {
        var response = await fixture.Administrator.PostAsync("/admin/webhooks", new JsonObject
        {
            ["url"] = fixture.Receiver.UrlOf(subscriber),
            ["eventTypes"] = new JsonArray([.. eventTypes.Select(t => JsonValue.Create(t))]),
            ["offices"] = new JsonArray([.. (offices ?? []).Select(o => JsonValue.Create(o))]),
            ["personalData"] = personalData,
            ["recipient"] = recipient,
            ["description"] = $"test subscriber {subscriber}",
        }.Content());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.BodyAsync();
        var secret = body["secret"]!.GetValue<string>();
        fixture.Receiver.Trust(subscriber, secret);
        return (body["subscription"]!["id"]!.GetValue<string>(), secret);
    }

    /// <summary>The subscription's deliveries as the API lists them, oldest first.</summary>
    public static async Task<JsonArray> DeliveriesAsync(this AutomationFixture fixture, string subscription, string? status = null)
    {
        var response = await fixture.Administrator.GetAsync($"/admin/webhooks/{subscription}/deliveries{(status is null ? "" : $"?status={status}")}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var deliveries = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        return [.. deliveries.Reverse().Select(d => d!.DeepClone())];
    }

    /// <summary>Every event of these cases and of their referrals, as (stream, version), from the log.</summary>
    public static async Task<HashSet<(string Stream, int Version)>> EventsOfAsync(this AutomationFixture fixture, IEnumerable<string> caseNumbers)
    {
        var events = new HashSet<(string, int)>();
        await using var connection = new Npgsql.NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT stream_id, version FROM events WHERE stream_id = ANY($1) OR split_part(stream_id, '-R', 1) = ANY($1)", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = caseNumbers.ToArray() });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            events.Add((reader.GetString(0), reader.GetInt32(1)));
        }
        return events;
    }

    /// <summary>The event ids queued for a subscription for one case, in the order they must be delivered.</summary>
    public static async Task<List<string>> QueuedAsync(this AutomationFixture fixture, string subscription, string caseNumber)
    {
        var ids = new List<string>();
        await using var connection = new Npgsql.NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT event_id::text FROM webhook_deliveries WHERE subscription_id = $1::uuid AND order_key = $2 ORDER BY id", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = subscription });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = caseNumber });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    /// <summary>What a subscriber received of one case, in arrival order, each message once.</summary>
    public static List<ReceivedWebhook> OfCase(this IEnumerable<ReceivedWebhook> received, string caseNumber) =>
        [.. received.Where(r => r.CaseNumber == caseNumber).DistinctBy(r => r.MessageId)];
}
