using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using static Coordination.Contract.Tests.ContractProbe;

namespace Coordination.Contract.Tests;

/// <summary>
/// Every constraint the OpenAPI document declares on a request, tried against the API on both
/// sides: a value just inside it is not refused as bad input (no 400 or 422), a value just outside
/// it is (400 or 422 problem details naming the field). The operations, fields and constraints are
/// read from the document the API serves, so endpoints added later are tried as soon as they are in
/// it. Declared: required fields, null where the schema does not allow it, enums, patterns, lengths,
/// ranges and list sizes of bodies (nested objects included), of query parameters and of headers;
/// the shapes of ids in paths, whose outside values name nothing (404).
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class DeclaredConstraintTests(ContractFixture fixture, ITestOutputHelper output)
{
    private sealed record Trial(string Field, string Rule, bool Inside, JsonNode? Body, string Query = "", KeyValuePair<string, string>[]? Headers = null);

    [Fact]
    public async Task Every_constraint_declared_on_a_body_or_a_header_is_the_one_the_api_enforces()
    {
        var probe = await ReadAsync(fixture);
        var disagreements = new List<string>();
        var tried = 0;
        var capacity = await CapacityAsync();
        try
        {
            foreach (var operation in probe.Operations().Where(o => o.Method is "post" or "put"))
            {
                var schema = probe.BodySchema(operation);
                var trials = new List<Trial>();
                var smallest = schema is null ? null : probe.SmallestBody(schema);
                if (schema is not null)
                {
                    trials.AddRange(BodyTrials(probe, schema, smallest!, []));
                }
                trials.AddRange(HeaderTrials(operation, smallest));
                if (trials.Count == 0)
                {
                    continue;
                }
                var path = Fill(operation, await probe.PathValuesAsync(operation));
                var caller = await probe.CallerAsync(operation, path, smallest);
                foreach (var trial in trials)
                {
                    tried++;
                    if (await DisagreementAsync(caller.Client, operation, path, trial) is { } disagreement)
                    {
                        disagreements.Add($"{operation} as {caller.Name}: {disagreement}");
                    }
                }
            }
        }
        finally
        {
            await SetCapacityAsync(capacity);
        }

        output.WriteLine($"{tried} requests tried against the document's body and header constraints.");
        Assert.True(tried > 100, $"Only {tried} requests were tried: the document declares fewer constraints than it should.");
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} answers disagree with the document:\n{string.Join('\n', disagreements)}");
    }

    [Fact]
    public async Task Every_constraint_declared_on_a_query_parameter_is_the_one_the_api_enforces()
    {
        var probe = await ReadAsync(fixture);
        var disagreements = new List<string>();
        var tried = 0;
        foreach (var operation in probe.Operations().Where(o => o.Method == "get"))
        {
            var trials = Parameters(operation, "query").SelectMany(p => QueryTrials(probe, p)).ToList();
            if (trials.Count == 0)
            {
                continue;
            }
            var path = Fill(operation, await probe.PathValuesAsync(operation));
            var caller = await probe.CallerAsync(operation, path, null);
            foreach (var trial in trials)
            {
                tried++;
                if (await DisagreementAsync(caller.Client, operation, path, trial) is { } disagreement)
                {
                    disagreements.Add($"{operation} as {caller.Name}: {disagreement}");
                }
            }
        }

        output.WriteLine($"{tried} requests tried against the document's query constraints.");
        Assert.True(tried > 10, $"Only {tried} requests were tried: the document declares fewer query constraints than it should.");
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} answers disagree with the document:\n{string.Join('\n', disagreements)}");
    }

    [Fact]
    public async Task An_id_in_a_path_outside_its_declared_shape_names_nothing()
    {
        var probe = await ReadAsync(fixture);
        var disagreements = new List<string>();
        var tried = 0;
        var capacity = await CapacityAsync();
        try
        {
            foreach (var operation in probe.Operations())
            {
                var shaped = Parameters(operation, "path").Where(p => p["schema"]?["pattern"] is not null).ToList();
                if (shaped.Count == 0)
                {
                    continue;
                }
                Assert.True(operation.Definition["responses"]!["404"] is not null, $"{operation} takes ids in its path but declares no 404.");
                var values = await probe.PathValuesAsync(operation);
                var body = probe.BodySchema(operation) is { } schema ? probe.SmallestBody(schema) : null;
                var caller = await probe.CallerAsync(operation, Fill(operation, values), body);
                foreach (var parameter in shaped)
                {
                    var name = parameter["name"]!.GetValue<string>();
                    foreach (var outside in DeclaredSamples.For(parameter["schema"]!["pattern"]!.GetValue<string>(), $"{operation} {name}").Outside)
                    {
                        tried++;
                        var path = Fill(operation, new Dictionary<string, string>(values) { [name] = outside });
                        using var response = await SendAsync(caller.Client, operation.Method, path, body);
                        if ((int)response.StatusCode != 404 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                        {
                            disagreements.Add($"{operation} as {caller.Name}: {name} '{outside}' is outside {parameter["schema"]!["pattern"]}, " +
                                $"answered {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} instead of a 404 problem");
                        }
                    }
                }
            }
        }
        finally
        {
            await SetCapacityAsync(capacity);
        }

        output.WriteLine($"{tried} requests tried with ids outside their declared shapes.");
        Assert.True(tried > 20, $"Only {tried} requests were tried: the document declares fewer id shapes than it should.");
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} answers disagree with the document:\n{string.Join('\n', disagreements)}");
    }

    /// <summary>
    /// Inside and outside values for every rule of every field of a body, nested objects included;
    /// <paramref name="smallest"/> is the whole smallest valid body, <paramref name="at"/> where the schema's object is in it.
    /// </summary>
    private static IEnumerable<Trial> BodyTrials(ContractProbe probe, JsonObject schema, JsonObject smallest, string[] at)
    {
        var required = (schema["required"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, node) in schema["properties"]?.AsObject() ?? [])
        {
            var property = node!.AsObject();
            string[] path = [.. at, name];
            var field = string.Join('.', path);
            JsonNode? With(JsonNode? value) => Set(smallest, path, value, remove: false);

            if (required.Contains(name))
            {
                yield return new Trial(field, "required", Inside: false, Set(smallest, path, null, remove: true));
            }
            if (!Nullable(property))
            {
                yield return new Trial(field, "not null", Inside: false, With(null));
            }
            else if (!required.Contains(name))
            {
                yield return new Trial(field, "optional, may be null", Inside: true, With(null));
            }

            var own = probe.Resolve(NonNullPart(property));
            if (own["properties"] is not null)
            {
                // The nested object's rules, tried inside a body whose nested object is otherwise the smallest valid one.
                foreach (var trial in BodyTrials(probe, own, (JsonObject)Set(smallest, path, probe.SmallestBody(own), remove: false), path))
                {
                    yield return trial;
                }
                continue;
            }
            foreach (var (rule, inside, value) in ValueTrials(probe, own, field))
            {
                yield return new Trial(field, rule, inside, With(value));
            }
        }
    }

    /// <summary>Values just inside and just outside each rule of one field's own schema.</summary>
    private static IEnumerable<(string Rule, bool Inside, JsonNode? Value)> ValueTrials(ContractProbe probe, JsonObject schema, string field)
    {
        var types = Types(schema);
        if (schema["enum"] is JsonArray values)
        {
            foreach (var value in values.Take(1).Concat(values.Skip(1).TakeLast(1)))
            {
                yield return ($"enum {value!.ToJsonString()}", true, value.DeepClone());
            }
            if (values[0] is JsonValue first && first.TryGetValue<string>(out var name))
            {
                yield return ("enum, an unknown name", false, JsonValue.Create($"Not{name}"));
                yield return ("enum, names as spelled", false, JsonValue.Create(name.ToLowerInvariant()));
                yield return ("enum, by name only", false, JsonValue.Create(0));
            }
            else if (values.All(v => v is JsonValue b && b.TryGetValue<bool>(out _)))
            {
                foreach (var other in new[] { true, false }.Where(b => values.All(v => v!.GetValue<bool>() != b)))
                {
                    yield return ("enum, the other boolean", false, JsonValue.Create(other));
                }
            }
        }
        if (schema["pattern"] is { } pattern)
        {
            var samples = DeclaredSamples.For(pattern.GetValue<string>(), field);
            foreach (var inside in samples.Inside)
            {
                yield return ($"pattern {pattern}", true, JsonValue.Create(inside));
            }
            foreach (var outside in samples.Outside)
            {
                yield return ($"pattern {pattern}", false, JsonValue.Create(outside));
            }
        }
        if (types.Contains("string"))
        {
            if (schema["maxLength"]?.GetValue<int>() is int longest)
            {
                var filler = DeclaredSamples.Filler(schema["pattern"]?.GetValue<string>());
                yield return ($"maxLength {longest}", true, JsonValue.Create(new string(filler, longest)));
                yield return ($"maxLength {longest}", false, JsonValue.Create(new string(filler, longest + 1)));
            }
            if (schema["minLength"]?.GetValue<int>() is int shortest and > 0)
            {
                var filler = DeclaredSamples.Filler(schema["pattern"]?.GetValue<string>());
                yield return ($"minLength {shortest}", true, JsonValue.Create(new string(filler, shortest)));
                yield return ($"minLength {shortest}", false, JsonValue.Create(new string(filler, shortest - 1)));
            }
        }
        if (types.Contains("integer"))
        {
            if (schema["minimum"]?.GetValue<long>() is long minimum)
            {
                yield return ($"minimum {minimum}", true, JsonValue.Create(minimum));
                yield return ($"minimum {minimum}", false, JsonValue.Create(minimum - 1));
            }
            if (schema["maximum"]?.GetValue<long>() is long maximum)
            {
                yield return ($"maximum {maximum}", true, JsonValue.Create(maximum));
                yield return ($"maximum {maximum}", false, JsonValue.Create(maximum + 1));
            }
        }
        if (types.Contains("array") && schema["items"] is JsonObject items)
        {
            if (schema["minItems"]?.GetValue<int>() is int fewest and > 0)
            {
                yield return ($"minItems {fewest}", true, new JsonArray([.. probe.DistinctItems(items, fewest)]));
                yield return ($"minItems {fewest}", false, new JsonArray([.. probe.DistinctItems(items, fewest - 1)]));
            }
            if (schema["maxItems"]?.GetValue<int>() is int most)
            {
                yield return ($"maxItems {most}", true, new JsonArray([.. probe.DistinctItems(items, most)]));
                yield return ($"maxItems {most}", false, new JsonArray([.. probe.DistinctItems(items, most + 1)]));
            }
            foreach (var (rule, inside, value) in ValueTrials(probe, probe.Resolve(items), $"{field}[0]"))
            {
                yield return ($"items: {rule}", inside, new JsonArray(value));
            }
        }
    }

    private static IEnumerable<Trial> HeaderTrials(Operation operation, JsonNode? body)
    {
        foreach (var header in Parameters(operation, "header"))
        {
            var name = header["name"]!.GetValue<string>();
            if (header["schema"]?["maxLength"]?.GetValue<int>() is int longest)
            {
                // Unique inside values: a repeated Idempotency-Key would replay the first answer.
                var unique = Guid.NewGuid().ToString("N");
                yield return new Trial(name, $"maxLength {longest}", true, body, Headers: [new(name, unique + new string('k', longest - unique.Length))]);
                yield return new Trial(name, $"maxLength {longest}", false, body, Headers: [new(name, unique + new string('k', longest + 1 - unique.Length))]);
            }
        }
    }

    private static IEnumerable<Trial> QueryTrials(ContractProbe probe, JsonObject parameter)
    {
        var name = parameter["name"]!.GetValue<string>();
        var schema = probe.Resolve(parameter["schema"]!.AsObject());
        foreach (var (rule, inside, value) in ValueTrials(probe, schema, name))
        {
            // The query string is text: numbers and names are sent as their digits and letters.
            if (value is JsonValue scalar)
            {
                var text = scalar.TryGetValue<string>(out var s) ? s : scalar.ToJsonString();
                yield return new Trial(name, rule, inside, null, Query: $"?{name}={Uri.EscapeDataString(text)}");
            }
        }
    }

    private static async Task<string?> DisagreementAsync(HttpClient client, Operation operation, string path, Trial trial)
    {
        using var response = await SendAsync(client, operation.Method, path + trial.Query, trial.Body, trial.Headers);
        var status = (int)response.StatusCode;
        var refused = status is 400 or 422;
        var what = $"{trial.Field} ({trial.Rule}, {(trial.Inside ? "inside" : "outside")}) in {(trial.Body?.ToJsonString() ?? trial.Query).Truncate(300)}";
        if (trial.Inside)
        {
            return refused ? $"{what} was refused: {status} {(await response.Content.ReadAsStringAsync()).Truncate(400)}" : null;
        }
        if (!refused || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{what} was answered {status} {response.Content.Headers.ContentType?.MediaType}, not a 400 or 422 problem: {(await response.Content.ReadAsStringAsync()).Truncate(300)}";
        }
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        var leaf = trial.Field.Split('.')[^1].Split('[')[0];
        var named = problem?["errors"]?.AsObject().Select(e => e.Key).ToList() ?? [];
        return status == 400 && !named.Any(k => k.Contains(leaf, StringComparison.OrdinalIgnoreCase))
            ? $"{what} was refused without naming {leaf}: {(await response.Content.ReadAsStringAsync()).Truncate(300)}"
            : null;
    }

    /// <summary>A copy of the body with the value at the path set (or removed).</summary>
    private static JsonNode Set(JsonObject body, string[] path, JsonNode? value, bool remove)
    {
        var copy = body.DeepClone().AsObject();
        var parent = copy;
        foreach (var step in path[..^1])
        {
            parent = parent[step] as JsonObject ?? (JsonObject)(parent[step] = new JsonObject());
        }
        if (remove)
        {
            parent.Remove(path[^1]);
        }
        else
        {
            parent[path[^1]] = value?.DeepClone();
        }
        return copy;
    }

    private async Task<int> CapacityAsync() =>
        (await fixture.As(Grains.Interfaces.Commands.StaffRole.Administrator).GetFromJsonAsync<JsonObject>($"/offices/{CapacityOffice}"))!["capacity"]!.GetValue<int>();

    private async Task SetCapacityAsync(int capacity)
    {
        using var response = await fixture.As(Grains.Interfaces.Commands.StaffRole.Administrator)
            .PutAsJsonAsync($"/offices/{CapacityOffice}/capacity", new { capacity });
        response.EnsureSuccessStatusCode();
    }
}

internal static class TextExtensions
{
    public static string Truncate(this string text, int length) => text.Length <= length ? text : text[..length] + "...";
}
