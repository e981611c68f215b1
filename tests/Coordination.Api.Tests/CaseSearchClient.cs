using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coordination.Api.Tests;

/// <summary>Registers cases and reads case lists as a caseworker app does, for the search tests.</summary>
internal sealed class CaseSearchClient(ApiFixture fixture, HttpClient http, string office)
{
    /// <summary>Registers a case at the client's office; the case number.</summary>
    public async Task<string> RegisterAsync(Action<JsonObject>? change = null)
    {
        var body = Json.RegistrationBody(office);
        change?.Invoke(body);
        var created = await http.PostAsync("/cases", body.Content());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.BodyAsync())["caseNumber"]!.GetValue<string>();
    }

    /// <summary>The first page's case numbers, once the case directory has caught up with what was written.</summary>
    public async Task<string[]> SearchAsync(string query) =>
        [.. (await PageItemsAsync(query)).Select(i => i["caseNumber"]!.GetValue<string>())];

    /// <summary>The first page's items, once the case directory has caught up with what was written.</summary>
    public async Task<JsonObject[]> PageItemsAsync(string query)
    {
        await fixture.Grains.WaitForEventLogAsync();
        var page = (await http.GetFromJsonAsync<JsonObject>($"/cases?{query}"))!;
        return [.. page["items"]!.AsArray().Select(i => i!.AsObject())];
    }

    /// <summary>Every page of a list, following nextCursor: the case numbers in the order they came.</summary>
    public async Task<List<string>> AllPagesAsync(string query, int limit)
    {
        await fixture.Grains.WaitForEventLogAsync();
        var seen = new List<string>();
        string? cursor = null;
        for (var pages = 0; pages < 500; pages++)
        {
            var page = (await http.GetFromJsonAsync<JsonObject>($"/cases?{query}&limit={limit}" + (cursor is null ? "" : $"&cursor={cursor}")))!;
            var items = page["items"]!.AsArray();
            Assert.True(items.Count <= limit, $"A page of {limit} held {items.Count} items.");
            seen.AddRange(items.Select(i => i!["caseNumber"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            if (cursor is null)
            {
                return seen;
            }
        }
        throw new InvalidOperationException($"The list ?{query} did not end within 500 pages.");
    }

    /// <summary>A token no other test's names or document numbers hold: 8 hexadecimal digits.</summary>
    public static string Unique() => Guid.NewGuid().ToString("N")[..8];
}
