using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coordination.Grains.Interfaces.Cases;

/// <summary>Writes a case number as its printed form ("ACA-2026-000123") and reads only that form.</summary>
public sealed class CaseNumberJsonConverter : JsonConverter<CaseNumber>
{
    public override CaseNumber Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && CaseNumber.TryParse(reader.GetString(), out var number)
            ? number
            : throw new JsonException("Expected a case number such as ACA-2026-000123.");

    public override void Write(Utf8JsonWriter writer, CaseNumber value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
