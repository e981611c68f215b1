using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Coordination.Grains.EventSourcing;

/// <summary>
/// How events and snapshots are written as JSON: web defaults, enums by name, and every
/// <see cref="PersonalAttribute"/> property split off into a separate object that the caller seals.
/// </summary>
public static class EventJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static readonly ConcurrentDictionary<Type, string[]> PersonalNames = new();

    private static JsonSerializerOptions CreateOptions()
    {
        // jsonb keeps keys in its own order, so the type discriminator may not come first.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { AllowOutOfOrderMetadataProperties = true };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Writes <paramref name="value"/> as <paramref name="declaredType"/>; personal properties go to the second object.</summary>
    public static (string Data, byte[]? Personal) Split(object value, Type declaredType)
    {
        var node = JsonSerializer.SerializeToNode(value, declaredType, Options)?.AsObject()
            ?? throw new ArgumentException("Only objects can be stored.", nameof(value));
        JsonObject? personal = null;
        foreach (var name in PersonalNamesOf(value.GetType()))
        {
            if (node.TryGetPropertyValue(name, out var field) && node.Remove(name) && field is not null)
            {
                personal ??= [];
                personal[name] = field;
            }
        }
        return (node.ToJsonString(Options), personal is null ? null : JsonSerializer.SerializeToUtf8Bytes(personal, Options));
    }

    /// <summary>Reads back what <see cref="Split"/> wrote; without the personal object, personal properties are left empty.</summary>
    public static T Merge<T>(string data, byte[]? personal) => (T)Merge(data, personal, typeof(T));

    /// <inheritdoc cref="Merge{T}(string, byte[])"/>
    public static object Merge(string data, byte[]? personal, Type type)
    {
        var node = JsonNode.Parse(data)?.AsObject() ?? throw new JsonException("A stored event or snapshot is not a JSON object.");
        if (personal is not null && JsonNode.Parse(personal) is JsonObject fields)
        {
            foreach (var name in fields.Select(f => f.Key).ToList())
            {
                var field = fields[name];
                fields.Remove(name);
                node[name] = field;
            }
        }
        return node.Deserialize(type, Options) ?? throw new JsonException("A stored event or snapshot reads as null.");
    }

    private static string[] PersonalNamesOf(Type type) => PersonalNames.GetOrAdd(type, static t =>
        [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.IsDefined(typeof(PersonalAttribute), inherit: true))
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name))]);
}
