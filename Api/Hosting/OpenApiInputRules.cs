using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.Referrals;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Coordination.Api.Hosting;

/// <summary>A pattern every item of a list must match (ECMA-262), for the OpenAPI document.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ItemPatternAttribute(string pattern) : Attribute
{
    public string Pattern { get; } = pattern;
}

/// <summary>
/// Puts into the OpenAPI document what the API enforces on input, read from the attributes of the
/// request records and handler parameters (whose constants are the ones the checks use) and from
/// the shapes of the ids in paths: which fields are required (and then not nullable), patterns,
/// lengths, ranges and allowed values. Without it every field is optional, nullable and free.
/// </summary>
internal static class OpenApiInputRules
{
    /// <summary>The dates the API reads: System.Text.Json's DateOnly takes yyyy-MM-dd and nothing else.</summary>
    public const string DatePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

    /// <summary>Names the fields of a schema that are required by a [Required] rule (not merely by a constructor).</summary>
    private const string RequiredByRule = "coordination:required-by-rule";

    /// <summary>How ASP.NET marks an integer it would also read from a string; this API reads JSON numbers only.</summary>
    private const string IntegerAsStringPattern = "^-?(?:0|[1-9]\\d*)$";

    /// <summary>The shape of each id a path names; an id of another shape names nothing (404).</summary>
    private static readonly Dictionary<string, (string Pattern, int? MaxLength)> PathIds = new(StringComparer.Ordinal)
    {
        ["caseNumber"] = (CaseNumber.Pattern, null),
        ["referralId"] = (ReferralIds.Pattern, ReferralIds.MaxLength),
        ["officeCode"] = (OfficeCodes.Pattern, null),
        ["authorityCode"] = (AuthorityCodes.Pattern, null),
    };

    /// <summary>Request bodies: required fields, and each field's rules.</summary>
    public static async Task TransformSchemaAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && schema.Properties is { Count: > 0 } properties)
        {
            foreach (var property in context.JsonTypeInfo.Properties)
            {
                if (property.AttributeProvider is not { } attributes || !properties.TryGetValue(property.Name, out var propertySchema))
                {
                    continue;
                }
                // Only a field that states its rules says whether it is required; descriptions alone change nothing.
                var rules = attributes.GetCustomAttributes(inherit: true).OfType<Attribute>().Where(a => a is ValidationAttribute or ItemPatternAttribute).ToList();
                if (rules.Count == 0)
                {
                    continue;
                }
                var required = rules.OfType<RequiredAttribute>().Any();
                schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
                if (required)
                {
                    schema.Required.Add(property.Name);
                    schema.Metadata ??= new Dictionary<string, object>(StringComparer.Ordinal);
                    schema.Metadata[RequiredByRule] = schema.Metadata.TryGetValue(RequiredByRule, out var names)
                        ? ((string[])names).Append(property.Name).Distinct().ToArray()
                        : new[] { property.Name };
                    propertySchema = properties[property.Name] = NotNull(propertySchema);
                }
                else
                {
                    schema.Required.Remove(property.Name);
                }
                Apply(propertySchema, rules);
            }
        }
        if (schema.Format == "date" && schema.Pattern is null)
        {
            schema.Pattern = DatePattern;
        }
        if ((Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type) is { IsEnum: true } enumType)
        {
            // Written by EnumNamesJsonConverter, which the schema generator cannot see into: the names as spelled.
            schema.Type = JsonSchemaType.String;
            schema.Enum = [.. Enum.GetNames(enumType).Select(n => (JsonNode)JsonValue.Create(n))];
        }
        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Enumerable && schema.Items is null
            && context.JsonTypeInfo.ElementType is { } element && (Nullable.GetUnderlyingType(element) ?? element).IsEnum)
        {
            // A list of enums: the generator leaves its items open for the same reason.
            schema.Items = await context.GetOrCreateSchemaAsync(Nullable.GetUnderlyingType(element) ?? element, null, cancellationToken);
        }
        IntegersOnly(schema);
    }

    /// <summary>
    /// Required fields whose type is a reference (an enum, a nested object) are wrapped in a oneOf with
    /// null after the schema transformers ran: unwrap them once the document is complete.
    /// </summary>
    public static Task TransformDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var schema in (document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>()).Values.OfType<OpenApiSchema>())
        {
            if (schema is not { Properties: { } properties } || (schema.Metadata is null || !schema.Metadata.TryGetValue(RequiredByRule, out var marked) || marked is not string[] required))
            {
                continue;
            }
            foreach (var name in required)
            {
                if (properties.TryGetValue(name, out var property))
                {
                    properties[name] = NotNull(property);
                }
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Parameters: the rules on the handler's parameters, and the shapes of ids in paths. A body with
    /// required fields is itself required (no body, or null, is refused); a body whose fields are all
    /// optional may be left out.
    /// </summary>
    public static void TransformOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        if (operation.RequestBody is OpenApiRequestBody { Content: { } content } body
            && context.Description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type is { } bodyType
            && bodyType.GetProperties().Any(p => p.GetCustomAttribute<RequiredAttribute>() is not null))
        {
            body.Required = true;
            foreach (var media in content.Values)
            {
                media.Schema = media.Schema is null ? null : NotNull(media.Schema);
            }
        }
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is not OpenApiParameter { Schema: OpenApiSchema schema } concrete)
            {
                continue;
            }
            if (concrete.In == ParameterLocation.Path && concrete.Name is { } name && PathIds.TryGetValue(name, out var id))
            {
                schema.Pattern = id.Pattern;
                schema.MaxLength = id.MaxLength;
            }
            var description = context.Description.ParameterDescriptions
                .FirstOrDefault(p => string.Equals(p.Name, concrete.Name, StringComparison.OrdinalIgnoreCase));
            if (description?.ParameterDescriptor is IParameterInfoParameterDescriptor { ParameterInfo: { } info })
            {
                Apply(schema, [.. info.GetCustomAttributes(inherit: true).OfType<Attribute>()]);
            }
            if (schema.Format == "date" && schema.Pattern is null)
            {
                schema.Pattern = DatePattern;
            }
            IntegersOnly(schema);
        }
    }

    private static void Apply(IOpenApiSchema target, IReadOnlyList<Attribute> rules)
    {
        if (target is not OpenApiSchema schema)
        {
            return; // a reference to an enum or object: its own schema says what it takes
        }
        var list = schema.Type is { } type && type.HasFlag(JsonSchemaType.Array);
        foreach (var rule in rules)
        {
            switch (rule)
            {
                case RegularExpressionAttribute pattern:
                    schema.Pattern = pattern.Pattern;
                    break;
                case MinLengthAttribute min when list:
                    schema.MinItems = min.Length;
                    break;
                case MinLengthAttribute min:
                    schema.MinLength = min.Length;
                    break;
                case MaxLengthAttribute max when list:
                    schema.MaxItems = max.Length;
                    break;
                case MaxLengthAttribute max:
                    schema.MaxLength = max.Length;
                    break;
                case RangeAttribute range:
                    schema.Minimum = Convert.ToString(range.Minimum, System.Globalization.CultureInfo.InvariantCulture);
                    schema.Maximum = Convert.ToString(range.Maximum, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case AllowedValuesAttribute allowed:
                    schema.Enum = [.. allowed.Values.Select(v => JsonValue.Create(v) as JsonNode ?? throw new InvalidOperationException("null is not an allowed value"))];
                    break;
                case ItemPatternAttribute items when schema.Items is OpenApiSchema item:
                    item.Pattern = items.Pattern;
                    break;
            }
        }
    }

    /// <summary>The schema without null: a required field the API refuses as null.</summary>
    private static IOpenApiSchema NotNull(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchema { OneOf: { Count: 2 } choices } wrapper
            && choices.SingleOrDefault(c => c.Type == JsonSchemaType.Null) is { } nothing)
        {
            var only = choices.Single(c => !ReferenceEquals(c, nothing));
            if (only is OpenApiSchemaReference reference && wrapper.Description is { } text)
            {
                reference.Description ??= text;
            }
            return only;
        }
        if (schema is OpenApiSchema { Type: { } type } concrete && type.HasFlag(JsonSchemaType.Null))
        {
            concrete.Type = type & ~JsonSchemaType.Null;
        }
        return schema;
    }

    private static void IntegersOnly(IOpenApiSchema target)
    {
        if (target is OpenApiSchema { Pattern: IntegerAsStringPattern, Type: { } type } schema && type.HasFlag(JsonSchemaType.Integer))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
    }
}
