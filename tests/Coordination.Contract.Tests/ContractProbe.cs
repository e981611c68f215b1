using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Contract.Tests;

/// <summary>
/// Reads the OpenAPI document the API serves and sends requests as it describes them: finds a real
/// record for each id in a path, a caller whom the operation lets through, and a smallest valid
/// request built from the schemas alone.
/// </summary>
internal sealed class ContractProbe(ContractFixture fixture, JsonObject document)
{
    public static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    /// <summary>The office the probe's cases are registered at, and whose supervisor sends their commands.</summary>
    public const string CaseOffice = "ACA";

    /// <summary>The office whose capacity the probe changes (and gives back).</summary>
    public const string CapacityOffice = "TUX";

    private readonly (string Name, HttpClient Client)[] _callers =
    [
        ("supervisor@ACA", fixture.As(StaffRole.Supervisor, office: CaseOffice)),
        ("liaison@INM", fixture.As(StaffRole.Liaison, authority: "INM")),
        ("administrator", fixture.As(StaffRole.Administrator)),
        ("operations", fixture.As(StaffRole.Operations)),
        ("automation@*", fixture.As(StaffRole.Automation, office: "*")),
        // Last: for what only another office's supervisor does with a case (e.g. opening it in an emergency).
        ("supervisor@MEX", fixture.As(StaffRole.Supervisor, office: "MEX")),
    ];

    private readonly HttpClient _automation = fixture.As(StaffRole.Automation, office: "*");
    private readonly HttpClient _administrator = fixture.As(StaffRole.Administrator);

    public static async Task<ContractProbe> ReadAsync(ContractFixture fixture) =>
        new(fixture, (await fixture.Api.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!);

    public sealed record Operation(string Method, string Path, JsonObject Definition)
    {
        public override string ToString() => $"{Method.ToUpperInvariant()} {Path}";
    }

    public IEnumerable<Operation> Operations() =>
        from path in document["paths"]!.AsObject()
        from method in path.Value!.AsObject()
        where Methods.Contains(method.Key)
        select new Operation(method.Key, path.Key, method.Value!.AsObject());

    /// <summary>The parameters of an operation that are declared in one place (query, header, path).</summary>
    public static IEnumerable<JsonObject> Parameters(Operation operation, string location) =>
        (operation.Definition["parameters"]?.AsArray() ?? []).Select(p => p!.AsObject()).Where(p => p["in"]!.GetValue<string>() == location);

    /// <summary>The JSON body schema of an operation, if it takes one.</summary>
    public JsonObject? BodySchema(Operation operation) =>
        operation.Definition["requestBody"]?["content"]?["application/json"]?["schema"] is JsonObject schema ? Resolve(NonNullPart(schema)) : null;

    /// <summary>A schema with its reference followed (its own description kept aside).</summary>
    public JsonObject Resolve(JsonObject schema) =>
        schema["$ref"] is { } reference
            ? document["components"]!["schemas"]![reference.GetValue<string>()["#/components/schemas/".Length..]]!.AsObject()
            : schema;

    /// <summary>Real records for the ids in an operation's path: a fresh case, a fresh referral to INM, an office, an authority.</summary>
    public async Task<Dictionary<string, string>> PathValuesAsync(Operation operation)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in Parameters(operation, "path"))
        {
            var name = parameter["name"]!.GetValue<string>();
            values[name] = name switch
            {
                "caseNumber" => await RegisterAsync(),
                "referralId" => await ReferralToInmAsync(),
                "officeCode" => CapacityOffice,
                "authorityCode" => "INM",
                "projection" => "cases",
                "id" when operation.Path.StartsWith("/admin/webhooks/", StringComparison.Ordinal) => await WebhookSubscriptionAsync(),
                "deliveryId" => await WebhookDeliveryAsync(values["id"]),
                _ => throw new Xunit.Sdk.XunitException($"{operation} has a path parameter '{name}' the contract probe cannot make a record for: teach ContractProbe.PathValuesAsync."),
            };
        }
        return values;
    }

    public static string Fill(Operation operation, IReadOnlyDictionary<string, string> pathValues) =>
        pathValues.Aggregate(operation.Path, (path, value) => path.Replace($"{{{value.Key}}}", Uri.EscapeDataString(value.Value), StringComparison.Ordinal));

    /// <summary>
    /// The first caller the operation lets through with a valid request: not refused (401, 403), not
    /// told the record does not exist (404), and not told the request is bad (400, 422).
    /// </summary>
    public async Task<(string Name, HttpClient Client)> CallerAsync(Operation operation, string path, JsonNode? body)
    {
        var answers = new List<string>();
        foreach (var caller in _callers)
        {
            using var response = await SendAsync(caller.Client, operation.Method, path, body);
            var status = (int)response.StatusCode;
            if (status is not (400 or 401 or 403 or 404 or 422))
            {
                return caller;
            }
            answers.Add($"{caller.Name}: {status} {await response.Content.ReadAsStringAsync()}");
        }
        throw new Xunit.Sdk.XunitException($"No caller gets past {operation} with the smallest valid request {body?.ToJsonString()}:\n{string.Join('\n', answers)}");
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, JsonNode? body, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(JsonSerializerOptions.Default), Encoding.UTF8, "application/json");
        }
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return client.SendAsync(request);
    }

    /// <summary>The smallest request the schema allows: its required fields, each with a value inside every rule.</summary>
    public JsonObject SmallestBody(JsonObject schema)
    {
        var body = new JsonObject();
        foreach (var name in (schema["required"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()))
        {
            body[name] = InsideValue(schema["properties"]![name]!.AsObject());
        }
        return body;
    }

    /// <summary>A value inside every rule of a property.</summary>
    public JsonNode InsideValue(JsonObject property)
    {
        var schema = Resolve(property);
        if (schema["enum"] is JsonArray values)
        {
            return values[0]!.DeepClone();
        }
        if (schema["properties"] is not null)
        {
            return SmallestBody(schema);
        }
        if (Types(schema).Contains("array"))
        {
            var count = schema["minItems"]?.GetValue<int>() ?? 0;
            return new JsonArray([.. DistinctItems(schema["items"]!.AsObject(), Math.Max(count, 1))]);
        }
        if (Types(schema).Contains("boolean"))
        {
            return JsonValue.Create(true);
        }
        if (Types(schema).Contains("integer"))
        {
            return JsonValue.Create(Math.Max(schema["minimum"]?.GetValue<long>() ?? 1, 1));
        }
        if (schema["pattern"] is { } pattern)
        {
            return JsonValue.Create(DeclaredSamples.For(pattern.GetValue<string>(), "a request field").Inside[0]);
        }
        return JsonValue.Create(new string(DeclaredSamples.Filler(null), Math.Max(schema["minLength"]?.GetValue<int>() ?? 1, 1)));
    }

    /// <summary>Distinct items inside the item schema's rules, for lists of a declared length.</summary>
    public IEnumerable<JsonNode> DistinctItems(JsonObject items, int count)
    {
        var schema = Resolve(items);
        string[] candidates = schema["enum"] is JsonArray values
            ? [.. values.Select(v => v!.GetValue<string>())]
            : schema["pattern"] is { } pattern ? DeclaredSamples.For(pattern.GetValue<string>(), "a list item").Inside : [];
        // Letter case does not make two codes different: the API folds it.
        var distinct = candidates.DistinctBy(c => c.ToUpperInvariant()).ToArray();
        Assert.True(distinct.Length >= count, $"Only {distinct.Length} distinct sample items for a list of {count}: add inside samples.");
        return distinct.Take(count).Select(c => (JsonNode)JsonValue.Create(c));
    }

    public static string[] Types(JsonObject schema) =>
        schema["type"] switch
        {
            JsonArray types => [.. types.Select(t => t!.GetValue<string>())],
            JsonValue type => [type.GetValue<string>()],
            _ => [],
        };

    /// <summary>Whether the property's schema lets it be null.</summary>
    public static bool Nullable(JsonObject property) =>
        Types(property).Contains("null") || (property["oneOf"]?.AsArray().Any(o => o!["type"]?.GetValue<string>() == "null") ?? false);

    /// <summary>A property's own schema when it is a oneOf of null and one other schema.</summary>
    public static JsonObject NonNullPart(JsonObject property) =>
        property["oneOf"] is JsonArray choices ? choices.Select(c => c!.AsObject()).Single(c => c["type"]?.GetValue<string>() != "null") : property;

    private async Task<string> RegisterAsync()
    {
        var response = await _automation.PostAsync("/cases", new StringContent($$"""
            { "officeCode": "{{CaseOffice}}", "givenNames": "Contrato", "familyNames": "Prueba {{Guid.NewGuid():N}}", "sex": "Female",
              "birthDate": "1994-03-02", "nationality": "HND", "languages": ["es"],
              "document": { "type": "Passport", "number": "P{{Random.Shared.Next(1_000_000, 9_999_999)}}", "issuingCountry": "HND", "expiresOn": "{{DateTime.UtcNow.Year + 5}}-01-31" } }
            """, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["caseNumber"]!.GetValue<string>();
    }

    private async Task<string> ReferralToInmAsync()
    {
        var caseNumber = await RegisterAsync();
        foreach (var (step, body) in new[] { ("counselling", "{}"), ("screening", """{ "eligible": true }"""), ("consent", "{}"), ("exit-clearance-request", """{ "consentGiven": true }""") })
        {
            var response = await _automation.PostAsync($"/cases/{caseNumber}/{step}", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode, $"{step}: {await response.Content.ReadAsStringAsync()}");
        }
        return $"{caseNumber}-R01";
    }

    /// <summary>A subscription of the fixture's allowed host to registrations at the probe's office (nothing listens there).</summary>
    private async Task<string> WebhookSubscriptionAsync()
    {
        var response = await _administrator.PostAsync("/admin/webhooks", new StringContent($$"""
            { "url": "https://hooks.example.org/contract", "eventTypes": ["CaseRegistered"], "offices": ["{{CaseOffice}}"] }
            """, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["subscription"]!["id"]!.GetValue<string>();
    }

    /// <summary>A delivery of that subscription: a case is registered, and the webhooks projection queues its event.</summary>
    private async Task<string> WebhookDeliveryAsync(string subscriptionId)
    {
        await RegisterAsync();
        for (var attempt = 0; attempt < 30; attempt++)
        {
            await _administrator.GetAsync("/admin/event-log?wait=5");
            var deliveries = await _administrator.GetFromJsonAsync<JsonArray>($"/admin/webhooks/{subscriptionId}/deliveries?limit=1");
            if (deliveries is [{ } first, ..])
            {
                return first["id"]!.ToJsonString();
            }
        }
        throw new Xunit.Sdk.XunitException($"No delivery was queued for webhook subscription {subscriptionId}.");
    }
}
