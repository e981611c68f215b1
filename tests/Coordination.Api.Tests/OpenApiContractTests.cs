using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coordination.Api.Tests;

/// <summary>
/// The OpenAPI document says what the API really does on each kind of operation: the headers it
/// reads (Idempotency-Key, If-Match, X-Audit-Purpose) and sends (ETag, Idempotency-Replayed,
/// Retry-After), and the answers it gives (401, 409, 412, 413, 415, 422, 503); the Orleans
/// dashboard's internals are not part of it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiContractTests(ApiFixture fixture)
{
    private async Task<JsonObject> DocumentAsync() => (await fixture.Api.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

    private static string[] Parameters(JsonNode operation) =>
        [.. (operation["parameters"]?.AsArray() ?? []).Select(p => p!["name"]!.GetValue<string>())];

    private static string[] Answers(JsonNode operation) => [.. operation["responses"]!.AsObject().Select(r => r.Key)];

    [Fact]
    public async Task The_dashboards_endpoints_are_not_in_the_document()
    {
        var paths = (await DocumentAsync())["paths"]!.AsObject().Select(p => p.Key);

        Assert.DoesNotContain(paths, p => p.StartsWith("/dashboard", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_registration_declares_its_idempotency_key_and_every_answer_it_can_get()
    {
        var register = (await DocumentAsync())["paths"]!["/cases"]!["post"]!;

        Assert.Contains("Idempotency-Key", Parameters(register));
        Assert.Contains("X-Audit-Purpose", Parameters(register));
        foreach (var status in new[] { "201", "400", "401", "403", "409", "413", "415", "422", "503" })
        {
            Assert.Contains(status, Answers(register));
        }
        Assert.NotNull(register["responses"]!["503"]!["headers"]!["Retry-After"]);
        Assert.NotNull(register["responses"]!["201"]!["headers"]!["Idempotency-Replayed"]);
        Assert.NotNull(register["responses"]!["201"]!["headers"]!["ETag"]);
    }

    [Fact]
    public async Task A_case_command_declares_if_match_and_412()
    {
        var consent = (await DocumentAsync())["paths"]!["/cases/{caseNumber}/consent"]!["post"]!;

        Assert.Contains("If-Match", Parameters(consent));
        Assert.Contains("412", Answers(consent));
        Assert.NotNull(consent["responses"]!["200"]!["headers"]!["ETag"]);
    }

    [Fact]
    public async Task A_case_read_declares_its_etag_and_the_401_of_a_missing_token()
    {
        var read = (await DocumentAsync())["paths"]!["/cases/{caseNumber}"]!["get"]!;

        Assert.NotNull(read["responses"]!["200"]!["headers"]!["ETag"]);
        Assert.NotNull(read["responses"]!["401"]!["headers"]!["WWW-Authenticate"]);
        Assert.DoesNotContain("Idempotency-Key", Parameters(read));
    }
}
