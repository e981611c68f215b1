using System.Reflection;
using System.Text.Json;

namespace Coordination.Api.Problems;

/// <summary>
/// Says what a field of a request body should hold, found by walking the body type along the
/// JSON path of a conversion error ("$.document.type" on RegisterCaseRequest is a DocumentType).
/// </summary>
internal static class JsonFieldDescriber
{
    public static string Expectation(Type? bodyType, string? jsonPath)
    {
        var type = Walk(bodyType, jsonPath);
        return type is null ? "The value has the wrong type or format for this field." : $"Expected {Describe(type)}.";
    }

    private static Type? Walk(Type? type, string? jsonPath)
    {
        if (type is null || string.IsNullOrEmpty(jsonPath) || !jsonPath.StartsWith('$'))
        {
            return null;
        }
        var segments = jsonPath[1..].Split('.', StringSplitOptions.RemoveEmptyEntries);
        foreach (var segment in segments)
        {
            var name = segment;
            var indexed = segment.IndexOf('[', StringComparison.Ordinal);
            if (indexed >= 0)
            {
                name = segment[..indexed];
            }
            var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return null;
            }
            type = Unwrap(property.PropertyType);
            if (indexed >= 0)
            {
                type = ElementOf(type) ?? type;
            }
        }
        return segments.Length == 0 ? Unwrap(type) : type;
    }

    private static string Describe(Type type)
    {
        type = Unwrap(type);
        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type));
        }
        if (type == typeof(DateOnly))
        {
            return "a date as yyyy-MM-dd";
        }
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return "a date and time in ISO 8601 form";
        }
        if (type == typeof(string))
        {
            return "a string";
        }
        if (type == typeof(int) || type == typeof(long))
        {
            return "a whole number";
        }
        if (type == typeof(bool))
        {
            return "true or false";
        }
        if (ElementOf(type) is { } element)
        {
            return $"an array of {Describe(element)} values".Replace("of a ", "of ", StringComparison.Ordinal);
        }
        return "a JSON object";
    }

    private static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static Type? ElementOf(Type type) =>
        type == typeof(string)
            ? null
            : type.IsArray
                ? type.GetElementType()
                : type.GetInterfaces().Append(type)
                    .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?
                    .GetGenericArguments()[0];

    /// <summary>The JSON field name of a path: "$.document.number" is "document.number", the root is "body".</summary>
    public static string FieldOf(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
        {
            return "body";
        }
        var field = jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
        return field.Length == 0 ? "body" : field;
    }

    /// <summary>True when System.Text.Json gave up on the syntax, not on a value's type.</summary>
    public static bool IsSyntaxError(JsonException json) =>
        json.InnerException?.GetType().Name == "JsonReaderException";
}
