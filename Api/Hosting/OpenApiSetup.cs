using Microsoft.OpenApi;

namespace Coordination.Api.Hosting;

public static class OpenApiSetup
{
    /// <summary>The OpenAPI document, saying that every operation but health takes a bearer token.</summary>
    public static IServiceCollection AddCoordinationOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Coordination API",
                    Version = "v1",
                    Description = "Assisted voluntary return case coordination: cases, referrals, offices, authority liaisons, audit. " +
                        "Errors are RFC 9457 problem details. Writes take an Idempotency-Key; case writes take If-Match with the case's ETag.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A token from the organisation's identity provider, or `Coordination.Api mint-token` locally.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer(OpenApiInputRules.TransformSchemaAsync);
            options.AddDocumentTransformer(OpenApiInputRules.TransformDocumentAsync);
            options.AddDocumentTransformer(OpenApiHealth.TransformAsync);
            options.AddOperationTransformer((operation, context, _) =>
            {
                OpenApiInputRules.TransformOperation(operation, context);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer<OpenApiContract>();
            options.AddOperationTransformer<OpenApiExamples>();
        });
}
