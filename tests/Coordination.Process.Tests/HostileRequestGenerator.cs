using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Coordination.Process.Tests;

/// <summary>What exists in the system under test, for requests that should reach real records.</summary>
public sealed record KnownRecords(IReadOnlyList<string> Cases, IReadOnlyList<string> Referrals, IReadOnlyList<string> Silos)
{
    public static readonly string[] Offices = ["MEX", "TAP", "TUX", "CJS", "ACA"];
    public static readonly string[] Authorities = ["INM", "DIF", "CNDH", "CONSULATE-COL"];
}

/// <summary>A request to send and what it was, for a failure message.</summary>
public sealed record HostileRequest(HttpMethod Method, string PathAndQuery, byte[]? Body, string? ContentType,
    IReadOnlyList<(string Name, string Value)> Headers, string Description);

/// <summary>
/// Generates hostile requests over every operation of the OpenAPI document: odd ids in paths,
/// odd query values, bodies that are not JSON or break their schema (wrong types, 1 MB and 60 KiB
/// strings, NUL and control characters, SQL and script fragments, unknown enums, huge numbers, bad
/// dates), odd content types, headers, tokens and methods. The first <c>validTokens</c> tokens are
/// ones the API accepts. A change (anything but GET) never
/// carries both a real record's id and a body that could be valid, so a system that refuses bad
/// input stores nothing new: every change is refused by its id or by its body.
/// </summary>
public sealed class HostileRequestGenerator(
    Random random, IReadOnlyList<ApiOperation> operations, KnownRecords known, IReadOnlyList<(string Name, string? Token)> tokens, int validTokens)
{
    private static readonly string OneMegabyte = new('x', 1 << 20);
    private static readonly string SixtyKilobytes = string.Concat(Enumerable.Repeat("ñé漢", 20 * 1024 / 3 * 3));

    private static readonly string[] Texts =
    [
        "' OR 1=1 --", "'; DROP TABLE events; --", "\" OR \"\"=\"", "1; SELECT pg_sleep(5)", "$$; DELETE FROM case_directory; $$",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{7*7}}", "${jndi:ldap://x/a}", "../../../../etc/passwd",
        "..\\..\\windows\\win.ini", "%00", "\0", "a\0b", "\u0001\u0002\u001f", "\t\v\f", "\u007f", "\u2028\u2029", "\uFEFF", "\u202Eevil",
        "", " ", "   ", "null", "undefined", "NaN", "-1", "0", "99999999999999999999999999", "1e309", "0x7fffffff", "true",
        "ACA-2019-000001", "ACA-2019-000001'--", "aca-2019-000001", "INTAKE-", "ZZZ", "*", "%", "_", "\\", "%_\\%", "😀🇲🇽", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "Ñandú Pérez-O'Brien", "ı̇İ", "\ud83d", "Robert'); DROP TABLE Students;--", "a\r\nX-Injected: 1",
    ];

    private static readonly string[] Dates = ["2026-02-30", "0000-00-00", "9999-12-31", "0001-01-01", "1900-01-01", "yesterday", "2026-13-01", "26-1-1", "2026-01-01T25:61:61Z", "-001-01-01", "2026-W01"];

    private static readonly string[] Numbers = ["0", "-1", "-0", "1.5", "2147483648", "-2147483649", "9223372036854775808", "1e309", "-1e309", "1E400", "123456789012345678901234567890", "0.0000000000000000000000001", "\"12\"", "\"NaN\"", "\"Infinity\""];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
        "application/json; charset=nonsense", "application/problem+json", "application/octet-stream", "*/*", "application/json;;;", "x",
    ];

    private readonly List<ApiOperation> _writes = operations.Where(o => o.IsWrite).ToList();

    public HostileRequest Next()
    {
        var operation = _writes.Count > 0 && random.NextDouble() < 0.6 ? Pick(_writes) : Pick(operations);
        var kind = random.Next(100);
        if (kind < 5)
        {
            return OddPath();
        }
        if (kind < 10)
        {
            return OddMethod(operation);
        }
        return ForOperation(operation);
    }

    private HostileRequest ForOperation(ApiOperation operation)
    {
        var realIds = 0;
        var path = operation.Path;
        var notes = new List<string>();
        foreach (var name in operation.PathParameters)
        {
            var (value, real) = PathValue(operation, name);
            realIds += real ? 1 : 0;
            path = path.Replace($"{{{name}}}", value, StringComparison.Ordinal);
        }
        var query = new List<string>();
        foreach (var parameter in operation.Parameters.Where(p => p.In == "query"))
        {
            if (random.NextDouble() < 0.6)
            {
                query.Add($"{Uri.EscapeDataString(parameter.Name)}={Uri.EscapeDataString(QueryValue(parameter))}");
                if (random.NextDouble() < 0.1)
                {
                    query.Add($"{Uri.EscapeDataString(parameter.Name)}={Uri.EscapeDataString(QueryValue(parameter))}");
                }
            }
        }
        if (random.NextDouble() < 0.15)
        {
            query.Add($"{Uri.EscapeDataString(Pick(Texts))}={Uri.EscapeDataString(Pick(Texts))}");
        }
        var pathAndQuery = query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";

        byte[]? body = null;
        string? contentType = null;
        if (operation.IsWrite || random.NextDouble() < 0.1)
        {
            // A change that names a real record, or none at all, carries a body that cannot be valid.
            var mustBeInvalid = operation.IsWrite && (realIds > 0 || !operation.PathParameters.Any());
            (body, var what) = Body(operation.Body, mustBeInvalid);
            notes.Add(what);
            contentType = random.NextDouble() < 0.85 ? "application/json" : Pick(ContentTypes);
            if (random.NextDouble() < 0.03)
            {
                contentType = null;
            }
        }
        var headers = Headers(operation.IsWrite);
        return new HostileRequest(new HttpMethod(operation.Method), pathAndQuery, body, contentType, headers,
            $"{operation} as {headers.FirstOrDefault(h => h.Name == "X-Token-Kind").Value}: {Shorten(pathAndQuery)} [{string.Join("; ", notes)}] content-type {contentType ?? "none"}");
    }

    private (string Value, bool Real) PathValue(ApiOperation operation, string name)
    {
        var lower = name.ToLowerInvariant();
        // Changes name records that do not exist (or cannot) unless the body is certain to be refused; office codes may be real.
        var realAllowed = !operation.IsWrite || lower.Contains("office", StringComparison.Ordinal);
        if (realAllowed && random.NextDouble() < 0.5)
        {
            var real = lower switch
            {
                _ when lower.Contains("case", StringComparison.Ordinal) => Pick(known.Cases),
                _ when lower.Contains("referral", StringComparison.Ordinal) => Pick(known.Referrals),
                _ when lower.Contains("office", StringComparison.Ordinal) => Pick(KnownRecords.Offices),
                _ when lower.Contains("authority", StringComparison.Ordinal) => Pick(KnownRecords.Authorities),
                _ when lower is "address" or "path" && known.Silos.Count > 0 => Pick(known.Silos),
                _ => null,
            };
            if (real is not null)
            {
                return (Uri.EscapeDataString(real), true);
            }
        }
        var hostile = random.Next(6) switch
        {
            0 => "ACA-2019-999999",
            1 => "ACA-2019-999999-R01",
            2 => "INTAKE-00000000000000000000",
            3 => new string('A', random.Next(100, 3000)),
            _ => Pick(Texts),
        };
        if (hostile.Length == 0 || hostile.Trim('.').Length == 0)
        {
            hostile = "%20";
            return (hostile, false);
        }
        // Now and then the text goes unescaped (but for its slashes); never a raw CR or LF, which would end the request
        // line itself: that is no HTTP request for the API to answer (Kestrel answers such a line 505 before any of our code runs).
        return (random.NextDouble() < 0.1
            ? hostile.Replace("/", "%2F", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal)
            : Uri.EscapeDataString(hostile), false);
    }

    private string QueryValue(ApiParameter parameter)
    {
        if (random.NextDouble() < 0.3)
        {
            return Plausible(parameter.Schema, parameter.Name);
        }
        return OpenApiOperations.TypeOf(parameter.Schema) switch
        {
            "integer" or "number" => random.NextDouble() < 0.5 ? Pick(Numbers).Trim('"') : Pick(Texts),
            "boolean" => Pick(["yes", "2", "TRUE", "", "null", "1"]),
            _ when parameter.Schema["format"]?.GetValue<string>() is "date" or "date-time" => Pick(Dates),
            _ => random.NextDouble() < 0.05 ? new string('q', random.Next(1000, 6000)) : Pick(Texts),
        };
    }

    private string Plausible(JsonObject schema, string name)
    {
        if (schema["enum"] is JsonArray values && values.Count > 0)
        {
            return values[random.Next(values.Count)]?.ToString() ?? "";
        }
        return name.ToLowerInvariant() switch
        {
            "office" or "officecode" => Pick(KnownRecords.Offices),
            "nationality" => Pick(["COL", "VEN", "HND", "xx", "col"]),
            "limit" => random.Next(-5, 500).ToString(CultureInfo.InvariantCulture),
            "q" => Pick(["Ramirez", "Lucia Ram", "PE", "ñ"]),
            "wait" => random.Next(-2, 4).ToString(CultureInfo.InvariantCulture),
            _ => OpenApiOperations.TypeOf(schema) switch
            {
                "integer" or "number" => random.Next(-3, 100).ToString(CultureInfo.InvariantCulture),
                "boolean" => random.NextDouble() < 0.5 ? "true" : "false",
                _ => "x",
            },
        };
    }

    /// <summary>A body: raw bytes that are not the JSON asked for, or the schema's shape filled with hostile values.</summary>
    private (byte[] Body, string What) Body(JsonObject? schema, bool mustBeInvalid)
    {
        var properties = OpenApiOperations.PropertiesOf(schema);
        if (properties is null || properties.Count == 0 || random.NextDouble() < 0.35)
        {
            var (raw, what, certain) = RawBody();
            if (!mustBeInvalid || certain)
            {
                return (raw, what);
            }
            if (properties is null || properties.Count == 0)
            {
                return (Encoding.UTF8.GetBytes("{\"unterminated\": "), "truncated JSON");
            }
        }
        var body = Fill(schema!, 0)!.AsObject();
        var what2 = "schema-shaped with hostile values";
        if (mustBeInvalid || random.NextDouble() < 0.5)
        {
            // One property of certainly the wrong JSON type.
            var (name, propertySchema) = properties!.ElementAt(random.Next(properties!.Count));
            body[name] = OpenApiOperations.TypeOf(propertySchema as JsonObject) == "object" ? new JsonArray(1, 2) : new JsonObject { ["wrong"] = "type" };
            what2 += $", '{name}' of the wrong type";
        }
        var text = body.ToJsonString();
        if (random.NextDouble() < 0.1)
        {
            // Raw literals JSON writers will not produce: huge numbers.
            text = text.TrimEnd('}') + (body.Count > 0 ? "," : "") + $"\"{properties!.First().Key}\":{Pick(Numbers).Trim('"')}" + "}";
            what2 += ", a duplicated key with a raw number";
        }
        return (Encoding.UTF8.GetBytes(text), what2);
    }

    private JsonNode? Fill(JsonObject schema, int depth)
    {
        var type = OpenApiOperations.TypeOf(schema);
        if (depth > 4)
        {
            return null;
        }
        switch (type)
        {
            case "object":
                var obj = new JsonObject();
                foreach (var (name, property) in OpenApiOperations.PropertiesOf(schema) ?? [])
                {
                    if (random.NextDouble() < 0.85)
                    {
                        obj[name] = property is JsonObject p ? Fill(p, depth + 1) : null;
                    }
                }
                return obj;
            case "array":
                var items = new JsonArray();
                var count = random.NextDouble() < 0.05 ? 5000 : random.Next(0, 4);
                for (var i = 0; i < count; i++)
                {
                    items.Add(schema["items"] is JsonObject item ? Fill(item, depth + 1) : JsonValue.Create(Pick(Texts)));
                }
                return items;
            case "integer" or "number":
                return random.Next(4) switch
                {
                    0 => JsonValue.Create(long.MaxValue),
                    1 => JsonValue.Create(-1),
                    2 => JsonValue.Create(0),
                    _ => JsonValue.Create(random.NextDouble() < 0.5 ? 1e300 : 42),
                };
            case "boolean":
                return random.NextDouble() < 0.7 ? JsonValue.Create(random.NextDouble() < 0.5) : JsonValue.Create("yes");
            default:
                if (schema["enum"] is JsonArray values && random.NextDouble() < 0.4)
                {
                    return random.NextDouble() < 0.5 && values.Count > 0 ? values[random.Next(values.Count)]!.DeepClone() : JsonValue.Create(Pick(["Unknown", "passport", "42", "", "Passport,Other"]));
                }
                if (schema["enum"] is not null && random.NextDouble() < 0.3)
                {
                    return JsonValue.Create(random.Next(-5, 99));
                }
                var format = schema["format"]?.GetValue<string>();
                if (format is "date" or "date-time" && random.NextDouble() < 0.6)
                {
                    return JsonValue.Create(Pick(Dates));
                }
                return random.Next(20) switch
                {
                    0 => JsonValue.Create(OneMegabyte),
                    1 => JsonValue.Create(SixtyKilobytes),
                    2 => JsonValue.Create(12345),
                    3 => null,
                    _ => JsonValue.Create(Pick(Texts)),
                };
        }
    }

    /// <summary>Bytes that are not the JSON object asked for; <c>Certain</c> when no reading of them could be a valid body.</summary>
    private (byte[] Body, string What, bool Certain) RawBody()
    {
        return random.Next(17) switch
        {
            0 => (Encoding.UTF8.GetBytes("{not json"), "not JSON", true),
            1 => (Encoding.UTF8.GetBytes("[1, 2]"), "an array", true),
            2 => (Encoding.UTF8.GetBytes("\"text\""), "a string", true),
            3 => (Encoding.UTF8.GetBytes("42"), "a number", true),
            4 => (Encoding.UTF8.GetBytes(new string('[', 100_000)), "100,000 open brackets", true),
            5 => (Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 5000))), "objects nested 5,000 deep", true),
            6 => ([0xC3, 0x28, 0xA0, 0xA1, (byte)'{', (byte)'}'], "invalid UTF-8", true),
            7 => (Encoding.Unicode.GetBytes("{\"officeCode\": \"ACA\"}"), "UTF-16 without saying so", true),
            8 => ([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"a\": \u0000}")], "a BOM and a raw NUL", true),
            9 => (Encoding.UTF8.GetBytes(OneMegabyte), "1 MB of letters", true),
            10 => (Encoding.UTF8.GetBytes("{\"a\": 1e400}" + new string(' ', 10)), "a number too large for any type", false),
            11 => ([], "empty", false),
            12 => (Encoding.UTF8.GetBytes("null"), "null", false),
            13 => (Encoding.UTF8.GetBytes("{}"), "an empty object", false),
            14 => (Encoding.UTF8.GetBytes("{\"reason\": \"\\ud800\", \"notes\": \"a\\u0000b\"}"), "a lone surrogate and an escaped NUL", false),
            15 => (Encoding.UTF8.GetBytes("{\"a\":1,,}"), "trailing commas", true),
            _ => (Encoding.UTF8.GetBytes("{\"a\": \"" + SixtyKilobytes + "\"" + "}"), "an unknown 60 KiB property", false),
        };
    }

    private List<(string Name, string Value)> Headers(bool write)
    {
        var headers = new List<(string, string)>();
        // Most requests carry a token the API accepts, so that they reach the endpoints' own checks.
        var (tokenName, token) = random.NextDouble() < 0.75 ? tokens[random.Next(validTokens)] : tokens[random.Next(tokens.Count)];
        headers.Add(("X-Token-Kind", tokenName));
        if (token is not null)
        {
            headers.Add(("Authorization", token));
        }
        if (write && random.NextDouble() < 0.5)
        {
            headers.Add(("Idempotency-Key", random.Next(6) switch
            {
                0 => Guid.NewGuid().ToString(),
                1 => "",
                2 => new string('k', random.Next(200, 5000)),
                3 => "ключ-" + Guid.NewGuid(),
                4 => "' OR 1=1 --",
                _ => "\u0001\u0002",
            }));
        }
        if (random.NextDouble() < 0.3)
        {
            headers.Add(("If-Match", Pick(["\"3\"", "W/\"3\"", "*", "3", "\"-1\"", "\"99999999999999999999\"", "\"\"", "\"a\", \"b\"", "garbage", "\"1\"\"2\""])));
        }
        if (random.NextDouble() < 0.2)
        {
            headers.Add(("X-Audit-Purpose", random.NextDouble() < 0.3 ? new string('p', random.Next(100, 9000)) : Pick(Texts)));
        }
        if (random.NextDouble() < 0.1)
        {
            headers.Add(("Accept", Pick(["application/xml", "text/html", "*/*;q=foo", "garbage", "application/json; charset=utf-32"])));
        }
        if (random.NextDouble() < 0.03)
        {
            headers.Add(("X-Very-Large", new string('h', 40_000)));
        }
        if (random.NextDouble() < 0.05)
        {
            headers.Add(("Accept-Language", Pick(Texts)));
        }
        return headers;
    }

    private HostileRequest OddPath()
    {
        var path = Pick([
            "/cases/../admin/event-log", "//cases", "/cases/%2e%2e/%2e%2e/etc/passwd", "/CASES", "/cases/" + new string('x', 9000),
            "/dashboard/../../", "/dashboard/%2e%2e/%2e%2e/", "/openapi/v2.json", "/health/ready/%20", "/cases//history", "/cases/%2F/history",
            "/referrals/%20/decline", "/authorities/%20%20", "/offices/%C0%AE%C0%AE/caseload", "/cases?limit=1&limit=2", "/%ff%fe",
            "/cases/ACA-2026-000001;jsessionid=1", "/admin/projections//rebuild", "/dashboard/" + new string('d', 3000), "/cases/%u002e",
        ]);
        var headers = Headers(write: false);
        return new HostileRequest(HttpMethod.Get, path, null, null, headers, $"odd path GET {Shorten(path)}");
    }

    private HostileRequest OddMethod(ApiOperation operation)
    {
        var declared = operations.Where(o => o.Path == operation.Path).Select(o => o.Method).ToHashSet();
        var method = Pick(["DELETE", "PATCH", "PUT", "OPTIONS", "TRACE", "HEAD", "PROPFIND", "FOO", "POST", "GET"]);
        if (declared.Contains(method))
        {
            method = "FOO";
        }
        var path = operation.Path;
        foreach (var name in operation.PathParameters)
        {
            path = path.Replace($"{{{name}}}", Uri.EscapeDataString(Pick(Texts) is { Length: > 0 } t && t.Trim().Length > 0 ? t : "x"), StringComparison.Ordinal);
        }
        var headers = Headers(write: true);
        // An undeclared method on a path may still be a change elsewhere (GET on a POST path is not): the body is never a valid one.
        return new HostileRequest(new HttpMethod(method), path, method is "GET" or "HEAD" or "TRACE" ? null : Encoding.UTF8.GetBytes("{not json"), "application/json", headers,
            $"{method} on {operation.Path} (declared: {string.Join(",", declared)}): {Shorten(path)}");
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Shorten(string text) => text.Length <= 160 ? text : $"{text[..150]}…({text.Length} chars)";
}
