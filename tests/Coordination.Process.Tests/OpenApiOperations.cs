using System.Text.Json.Nodes;

namespace Coordination.Process.Tests;

/// <summary>A parameter of an operation: where it goes (path, query, header) and its schema.</summary>
public sealed record ApiParameter(string Name, string In, JsonObject Schema);

/// <summary>One operation of the API's OpenAPI document, with its request body's schema resolved.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<ApiParameter> Parameters, JsonObject? Body)
{
    public bool IsWrite => Method is not ("GET" or "HEAD");

    public IEnumerable<string> PathParameters => Parameters.Where(p => p.In == "path").Select(p => p.Name);

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>Reads the operations out of an OpenAPI 3 document, following <c>$ref</c>s into its components.</summary>
public static class OpenApiOperations
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    public static List<ApiOperation> Read(JsonObject document)
    {
        var schemas = document["components"]?["schemas"]?.AsObject() ?? [];
        var operations = new List<ApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var shared = item!["parameters"]?.AsArray() ?? [];
            foreach (var method in Methods)
            {
                if (item[method] is not JsonObject operation)
                {
                    continue;
                }
                var parameters = shared.Concat(operation["parameters"]?.AsArray() ?? [])
                    .Select(p => new ApiParameter(p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), Resolve(p["schema"], schemas) ?? []))
                    .ToList();
                foreach (var name in TemplateNames(path).Where(n => parameters.All(p => p.Name != n)))
                {
                    parameters.Add(new ApiParameter(name, "path", new JsonObject { ["type"] = "string" }));
                }
                var body = operation["requestBody"]?["content"]?.AsObject().Select(c => Resolve(c.Value?["schema"], schemas)).FirstOrDefault();
                operations.Add(new ApiOperation(method.ToUpperInvariant(), path, parameters, body));
            }
        }
        return operations;
    }

    /// <summary>The schema with every <c>$ref</c> replaced by what it names (to a depth that ends cycles).</summary>
    public static JsonObject? Resolve(JsonNode? schema, JsonObject schemas, int depth = 0)
    {
        if (schema is not JsonObject obj || depth > 8)
        {
            return null;
        }
        if (obj["$ref"]?.GetValue<string>() is { } reference)
        {
            return Resolve(schemas[reference.Split('/')[^1]], schemas, depth + 1);
        }
        var resolved = new JsonObject();
        foreach (var (key, value) in obj)
        {
            resolved[key] = key switch
            {
                "properties" => new JsonObject(value!.AsObject().Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Resolve(p.Value, schemas, depth + 1)))),
                "items" or "additionalProperties" when value is JsonObject => Resolve(value, schemas, depth + 1),
                "oneOf" or "anyOf" or "allOf" => new JsonArray(value!.AsArray().Select(v => (JsonNode?)Resolve(v, schemas, depth + 1)).ToArray()),
                _ => value?.DeepClone(),
            };
        }
        return resolved;
    }

    /// <summary>The JSON type a schema declares (the first that is not null).</summary>
    public static string? TypeOf(JsonObject? schema)
    {
        if (schema is null)
        {
            return null;
        }
        var type = schema["type"] switch
        {
            JsonValue single => single.GetValue<string>(),
            JsonArray several => several.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
            _ => null,
        };
        if (type is null && (schema["oneOf"] ?? schema["anyOf"] ?? schema["allOf"]) is JsonArray choices)
        {
            return choices.OfType<JsonObject>().Select(TypeOf).FirstOrDefault(t => t is not null and not "null");
        }
        return type ?? (schema["properties"] is not null ? "object" : schema["enum"] is not null ? "string" : null);
    }

    public static JsonObject? PropertiesOf(JsonObject? schema) =>
        schema?["properties"] as JsonObject
        ?? (schema?["oneOf"] ?? schema?["anyOf"] ?? schema?["allOf"])?.AsArray().OfType<JsonObject>().Select(PropertiesOf).FirstOrDefault(p => p is not null);

    private static IEnumerable<string> TemplateNames(string path) =>
        path.Split('/').Where(s => s.StartsWith('{') && s.EndsWith('}')).Select(s => s.Trim('{', '}').TrimEnd('*').Split(':')[0]);
}
