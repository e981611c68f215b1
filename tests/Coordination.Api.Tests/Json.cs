using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coordination.Api.Tests;

/// <summary>Small helpers to read API answers the way a caseworker app would: as JSON.</summary>
internal static class Json
{
    public static async Task<JsonObject> BodyAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    /// <summary>The field names of a validation problem's "errors" member.</summary>
    public static async Task<string[]> ErrorFieldsAsync(this HttpResponseMessage response)
    {
        var body = await response.BodyAsync();
        return body["errors"] is JsonObject errors ? [.. errors.Select(e => e.Key).Order(StringComparer.Ordinal)] : [];
    }

    public static StringContent Raw(string json, string mediaType = "application/json") =>
        new(json, System.Text.Encoding.UTF8, mediaType);

    public static JsonObject RegistrationBody(string officeCode = "ACA") => new()
    {
        ["officeCode"] = officeCode,
        ["givenNames"] = $"María José {Guid.NewGuid():N}"[..24],
        ["familyNames"] = "López Hernández",
        ["sex"] = "Female",
        ["birthDate"] = "1994-03-02",
        ["nationality"] = "HND",
        ["languages"] = new JsonArray("es"),
        ["document"] = new JsonObject
        {
            ["type"] = "Passport",
            ["number"] = "E1234567",
            ["issuingCountry"] = "HND",
            ["expiresOn"] = "2031-01-31",
        },
        ["vulnerabilities"] = new JsonArray("Pregnant"),
    };

    public static StringContent Content(this JsonObject body) => Raw(body.ToJsonString(JsonSerializerOptions.Default));
}
