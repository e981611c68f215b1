using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Coordination.Bench;

/// <summary>The API as a caseworker app calls it: registrations, hold and resumption, reads.</summary>
public sealed class ApiClient(HttpClient http, string token)
{
    private static readonly string[] GivenNames = ["Maria", "Jose", "Ana", "Luis", "Carmen", "Juan", "Rosa", "Pedro", "Ahmed", "Fatima", "Wei", "Mamadou"];
    private static readonly string[] FamilyNames = ["Lopez", "Hernandez", "Garcia", "Martinez", "Perez", "Rodriguez", "Diallo", "Chen", "Haddad", "Mendoza"];
    private static readonly string[] Nationalities = ["COL", "VEN", "ECU", "HTI", "CUB", "PER", "IND", "CMR", "SEN", "CHN"];

    public static HttpClient CreateHttp(string baseAddress, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = new Uri(baseAddress),
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Registers a migrant with names and a document of their own; the case number, or null when refused.</summary>
    public async Task<string?> RegisterAsync(string office, long unique)
    {
        var body = new JsonObject
        {
            ["officeCode"] = office,
            ["givenNames"] = $"{GivenNames[unique % GivenNames.Length]} {Letters(unique)}",
            ["familyNames"] = FamilyNames[(unique / 7) % FamilyNames.Length],
            ["sex"] = unique % 2 == 0 ? "Female" : "Male",
            ["birthDate"] = new DateOnly(1970, 1, 1).AddDays((int)(unique % 15_000)).ToString("yyyy-MM-dd"),
            ["nationality"] = Nationalities[unique % Nationalities.Length],
            ["languages"] = new JsonArray("es"),
            ["document"] = new JsonObject { ["type"] = "Passport", ["number"] = $"B{unique:D9}", ["issuingCountry"] = Nationalities[unique % Nationalities.Length], ["expiresOn"] = "2031-01-31" },
        };
        using var response = await SendAsync(HttpMethod.Post, "/cases", body);
        return response.StatusCode == HttpStatusCode.Created
            ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!["caseNumber"]!.GetValue<string>()
            : null;
    }

    public async Task<bool> HoldOrResumeAsync(string caseNumber, bool hold)
    {
        using var response = hold
            ? await SendAsync(HttpMethod.Post, $"/cases/{caseNumber}/hold", new JsonObject { ["reason"] = "medical appointment" })
            : await SendAsync(HttpMethod.Post, $"/cases/{caseNumber}/resumption", null);
        return response.IsSuccessStatusCode;
    }

    public async Task<bool> ReadAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null);
        await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode;
    }

    /// <summary>Reads a list page: whether it was 2xx, and how many items it held.</summary>
    public async Task<(bool Ok, int Items)> ReadItemsAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null);
        if (!response.IsSuccessStatusCode)
        {
            await response.Content.ReadAsByteArrayAsync();
            return (false, 0);
        }
        var page = JsonNode.Parse(await response.Content.ReadAsStreamAsync())!;
        return (true, page["items"]!.AsArray().Count);
    }

    public async Task<string> ReadTextAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject? body)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        return http.SendAsync(request);
    }

    private static string Letters(long value)
    {
        var text = new StringBuilder();
        do
        {
            text.Append((char)('a' + (value % 26)));
            value /= 26;
        }
        while (value > 0);
        return text.ToString();
    }
}
