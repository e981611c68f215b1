using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Coordination.Api.Hosting;

/// <summary>
/// Puts the health endpoints into the OpenAPI document. They are mapped as health checks, which
/// ASP.NET does not describe, so they are declared here as they answer: no token, 200 while the
/// API is healthy or degraded and 503 while it is not, with the report as JSON either way.
/// </summary>
internal static class OpenApiHealth
{
    private const string ReportSchema = "HealthReport";

    public static Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ReportSchema] = Report();
        document.Tags ??= new HashSet<OpenApiTag>();
        document.Tags.Add(new OpenApiTag { Name = "Health", Description = "Liveness and readiness, for load balancers and orchestrators (no token)." });
        document.Paths ??= [];
        document.Paths["/health/live"] = Path(document, "GetLiveness", "Liveness: the API process serves requests",
            "Checks nothing beyond the process itself: restart the process when this does not answer 200.");
        document.Paths["/health/ready"] = Path(document, "GetReadiness", "Readiness: PostgreSQL and the Orleans cluster answer; how far read models lag behind the event log",
            "Unhealthy (503) while PostgreSQL or every silo is out of reach; degraded (still 200) while read models lag or events are set aside, with the reason in words.");
        return Task.CompletedTask;
    }

    private static OpenApiPathItem Path(OpenApiDocument document, string id, string summary, string description) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                OperationId = id,
                Summary = summary,
                Description = description,
                Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                Security = [], // no token
                Responses = new OpenApiResponses
                {
                    ["200"] = Answer(document, "Healthy or degraded."),
                    ["503"] = Answer(document, "Unhealthy: the report says which check failed."),
                },
            },
        },
    };

    private static OpenApiResponse Answer(OpenApiDocument document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/json"] = new() { Schema = new OpenApiSchemaReference(ReportSchema, document) },
        },
    };

    private static OpenApiSchema Report()
    {
        var status = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("Healthy"), JsonValue.Create("Degraded"), JsonValue.Create("Unhealthy")] };
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "A health report: the overall status and each check's status and description.",
            Required = new HashSet<string> { "status", "checks" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["status"] = status,
                ["checks"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    AdditionalProperties = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "status" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["status"] = status,
                            ["description"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                        },
                    },
                },
            },
        };
    }
}
