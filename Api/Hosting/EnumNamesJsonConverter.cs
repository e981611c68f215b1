using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coordination.Api.Hosting;

/// <summary>
/// Enums by their names as spelled, and nothing else: "Female", not "female", 1 or "1". The
/// library's string enum converter also reads names in any letter case, which the OpenAPI document
/// (an enum of the names) does not allow; the document's enums are written by
/// <see cref="OpenApiInputRules"/> from the same names.
/// </summary>
internal sealed class EnumNamesJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Names<>).MakeGenericType(typeToConvert))!;

    private sealed class Names<T> : JsonConverter<T> where T : struct, Enum
    {
        private static readonly Dictionary<string, T> ByName = Enum.GetValues<T>().ToDictionary(v => v.ToString(), StringComparer.Ordinal);

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? Parse(reader.GetString()) : throw Invalid();

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString());

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(value.ToString());

        private static T Parse(string? name) => name is not null && ByName.TryGetValue(name, out var value) ? value : throw Invalid();

        private static JsonException Invalid() => new($"Expected one of {string.Join(", ", ByName.Keys)}.");
    }
}
