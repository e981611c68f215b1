using System.Text.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.EventSourcing;

namespace Coordination.Grains.Webhooks;

/// <summary>What a subscription may receive of an event.</summary>
/// <param name="PersonalData">The migrant's personal fields (names, document, reasons, notes) are included.</param>
/// <param name="Vulnerabilities">Vulnerability flags are included (never for a consulate, never without the personal-data grant).</param>
public sealed record WebhookScope(bool PersonalData, bool Vulnerabilities);

/// <summary>
/// Builds a delivery's body from the event as the log holds it, within the subscription's scope:
/// <c>{"type", "timestamp", "data": {...}}</c> as Standard Webhooks recommends. Built when sent, so a
/// case erased meanwhile is sent without its personal fields (<c>personalDataErased</c>).
/// </summary>
public static class WebhookPayloads
{
    private const string VulnerabilitiesField = "vulnerabilities";

    public static string Build(RecordedEvent recorded, StreamType type, string eventType, string? caseNumber, WebhookScope scope)
    {
        var (data, personal) = EventJson.Split(recorded.Event, type.EventType);
        var fields = JsonNode.Parse(data)!.AsObject();
        fields.Remove("$type");
        if (scope.PersonalData && personal is not null && JsonNode.Parse(personal) is JsonObject sealedFields)
        {
            foreach (var (name, value) in sealedFields.ToList())
            {
                sealedFields.Remove(name);
                fields[name] = value;
            }
        }
        if (!scope.Vulnerabilities)
        {
            RemoveVulnerabilities(fields);
        }
        var state = recorded.Metadata.Summary is { } summary ? JsonNode.Parse(summary.GetRawText()) : null;
        var body = new JsonObject
        {
            ["type"] = eventType,
            ["timestamp"] = recorded.RecordedAt.ToUniversalTime().ToString("O"),
            ["data"] = new JsonObject
            {
                ["eventId"] = recorded.EventId.ToString(),
                ["stream"] = recorded.StreamType,
                ["streamId"] = recorded.StreamId,
                ["version"] = recorded.Version,
                ["caseNumber"] = caseNumber,
                ["personalDataIncluded"] = scope.PersonalData && !recorded.PersonalDataErased,
                ["personalDataErased"] = recorded.PersonalDataErased,
                ["state"] = state,
                ["event"] = fields,
            },
        };
        return body.ToJsonString(EventJson.Options);
    }

    private static void RemoveVulnerabilities(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).Where(k => string.Equals(k, VulnerabilitiesField, StringComparison.OrdinalIgnoreCase)).ToList())
                {
                    obj.Remove(name);
                }
                foreach (var (_, child) in obj)
                {
                    RemoveVulnerabilities(child);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    RemoveVulnerabilities(child);
                }
                break;
        }
    }
}
