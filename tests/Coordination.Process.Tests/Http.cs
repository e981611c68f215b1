using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Coordination.Process.Tests;

/// <summary>Small helpers for talking JSON to an API node.</summary>
public static class Http
{
    public static StringContent Json(this JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>
    /// Posts as a well-behaved app does: with an Idempotency-Key, and again with the same key after
    /// a 503's Retry-After (a cluster that is still warming up, or busy, answers 503 rather than wait).
    /// </summary>
    public static async Task<JsonObject> PostOkAsync(this HttpClient http, string path, JsonObject? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var key = Guid.NewGuid().ToString("N");
        HttpResponseMessage response;
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body?.Json() };
            request.Headers.Add("Idempotency-Key", key);
            response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 5)
            {
                break;
            }
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
        }
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> GetOkAsync(this HttpClient http, string path) =>
        (await http.GetFromJsonAsync<JsonObject>(path))!;

    /// <summary>Waits (in the cluster, on its own signal) until lists, caseloads and inboxes have caught up with every write so far.</summary>
    public static async Task WaitForReadModelsAsync(this HttpClient operations)
    {
        var status = await operations.GetOkAsync("/admin/event-log?wait=20");
        Assert.All(status["subscriptions"]!.AsArray(), s => Assert.Equal(0, s!["pendingEvents"]!.GetValue<long>()));
    }

    /// <summary>A migrant with a passport, so that no travel document is needed.</summary>
    public static JsonObject Registration(string office, string unique) => new()
    {
        ["officeCode"] = office,
        ["givenNames"] = $"Lucia {unique}",
        ["familyNames"] = "Ramirez Ortega",
        ["sex"] = "Female",
        ["birthDate"] = "1991-07-14",
        ["nationality"] = "COL",
        ["languages"] = new JsonArray("es"),
        ["document"] = new JsonObject { ["type"] = "Passport", ["number"] = $"PE{unique[..8].ToUpperInvariant()}", ["issuingCountry"] = "COL", ["expiresOn"] = "2032-05-01" },
    };

    /// <summary>Registers <paramref name="count"/> new cases at the office and gives their numbers.</summary>
    public static async Task<List<string>> RegisterCasesAsync(this HttpClient http, string office, int count)
    {
        var cases = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var registered = await http.PostOkAsync("/cases", Registration(office, Guid.NewGuid().ToString("N")), HttpStatusCode.Created);
            cases.Add(registered["caseNumber"]!.GetValue<string>());
        }
        return cases;
    }
}
