using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coordination.Contract.Tests;

/// <summary>
/// The operations the OpenAPI document says need no token (security: []), the health endpoints
/// among them, answer without one, with a status the document declares and a body of the declared
/// shape; every other operation is refused without a token (401), as declared.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class AnonymousOperationTests(ContractFixture fixture)
{
    [Fact]
    public async Task The_health_endpoints_are_in_the_document_and_answer_without_a_token_as_it_says()
    {
        var probe = await ContractProbe.ReadAsync(fixture);
        var anonymous = probe.Operations().Where(o => o.Definition["security"] is JsonArray { Count: 0 }).ToList();
        Assert.Contains(anonymous, o => o.Path == "/health/live");
        Assert.Contains(anonymous, o => o.Path == "/health/ready");

        foreach (var operation in anonymous.Where(o => o.Method == "get"))
        {
            using var response = await fixture.Api.CreateClient().GetAsync(operation.Path);

            var declared = operation.Definition["responses"]![((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)];
            Assert.True(declared is not null, $"{operation} answered {(int)response.StatusCode}, which it does not declare.");
            var schema = probe.Resolve(declared!["content"]!["application/json"]!["schema"]!.AsObject());
            var body = await response.Content.ReadFromJsonAsync<JsonObject>();
            foreach (var required in schema["required"]!.AsArray().Select(r => r!.GetValue<string>()))
            {
                Assert.True(body!.ContainsKey(required), $"{operation} answered without '{required}': {body}");
            }
            Assert.Contains(body!["status"]!.GetValue<string>(), schema["properties"]!["status"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Every_operation_that_declares_a_401_refuses_a_request_without_a_token()
    {
        var probe = await ContractProbe.ReadAsync(fixture);
        var guarded = probe.Operations().Where(o => o.Definition["responses"]!["401"] is not null).ToList();
        Assert.NotEmpty(guarded);

        foreach (var operation in guarded)
        {
            var path = ContractProbe.Fill(operation, ContractProbe.Parameters(operation, "path")
                .ToDictionary(p => p["name"]!.GetValue<string>(), _ => "ACA"));
            using var response = await ContractProbe.SendAsync(fixture.Api.CreateClient(), operation.Method, path, null);

            Assert.True((int)response.StatusCode == 401, $"{operation} answered {(int)response.StatusCode} without a token.");
        }
    }
}
