using Coordination.Api.Cases;
using Coordination.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Coordination.Api.Hosting;

/// <summary>
/// Declares in the OpenAPI document the headers and answers the API uses on every operation of a
/// kind, which the endpoints' own metadata cannot say: the bearer token's 401, 503 with
/// Retry-After while the cluster or PostgreSQL is unavailable, and for writes the Idempotency-Key
/// header with its 409 (still running) and 422 (key reused) answers and the Idempotency-Replayed
/// header, 413 and 415 for bodies; for case commands If-Match and 412; ETag on answers that carry
/// a case. A client generated from the document then knows all of it.
/// </summary>
internal sealed class OpenApiContract : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var method = context.Description.HttpMethod ?? "GET";
        var path = "/" + (context.Description.RelativePath ?? "").Trim('/');
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        if (path.StartsWith("/health", StringComparison.Ordinal))
        {
            return;
        }
        var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
        operation.Responses ??= [];
        operation.Parameters ??= [];

        if (!anonymous)
        {
            Answer(operation, problem, "401", "No bearer token, or one that is not valid (expired, another signer). Only `WWW-Authenticate: Bearer error=\"invalid_token\"` says which.",
                ("WWW-Authenticate", "`Bearer`, or `Bearer error=\"invalid_token\"` when the token sent is not valid."));
            Answer(operation, problem, "403", "The token is valid but its role, office or authority does not allow this.");
        }
        Answer(operation, problem, "503", "The cluster or PostgreSQL is not reachable now; nothing was changed. Retry after the time given.",
            ("Retry-After", "Seconds to wait before retrying."));

        if (HttpMethods.IsPost(method) || HttpMethods.IsPut(method))
        {
            Answer(operation, problem, "413", "The request body is larger than 64 KiB.");
            Answer(operation, problem, "415", "The body is not JSON, or not in a charset this API reads (send UTF-8).");
        }
        // Keys are for POSTs: a PUT sets a value, and sending it twice is the same as once.
        if (HttpMethods.IsPost(method))
        {
            operation.Parameters.Add(Header(CaseCommands.IdempotencyKeyHeader,
                "Makes the request safe to retry: a request with the same key from the same caller gets the first answer again (kept 72 hours) and changes nothing.",
                maxLength: CaseCommands.MaxIdempotencyKeyLength));
            Answer(operation, problem, "409", "A request with this Idempotency-Key is still running (retry shortly), or the action is not allowed in the current status.",
                ("Retry-After", "Seconds to wait when the same key is still running."));
            Answer(operation, problem, "422", "The Idempotency-Key was used for a different request.");
            Answer(operation, problem, "400", "The Idempotency-Key header is blank or longer than 200 characters (or a field of the body is bad).");
            foreach (var (status, response) in operation.Responses.Where(r => r.Key.StartsWith('2')))
            {
                AddHeader(response, "Idempotency-Replayed", "`true` when this is the stored answer to an earlier request with the same Idempotency-Key.");
            }
        }
        if (HttpMethods.IsPost(method) && path.StartsWith("/cases/{caseNumber}/", StringComparison.Ordinal) && !path.EndsWith("/export", StringComparison.Ordinal))
        {
            operation.Parameters.Add(Header("If-Match", "The case's ETag as last read (e.g. \"7\"): the command is refused with 412 if the case changed since."));
            Answer(operation, problem, "412", "The case changed since the ETag given in If-Match.");
        }
        if (path is "/cases" or "/cases/{caseNumber}" || (HttpMethods.IsPost(method) && path.StartsWith("/cases/{caseNumber}/", StringComparison.Ordinal)))
        {
            foreach (var (status, response) in operation.Responses.Where(r => r.Key is "200" or "201"))
            {
                if (!(HttpMethods.IsGet(method) && path == "/cases"))
                {
                    AddHeader(response, "ETag", "The case's version, for If-Match.");
                }
            }
        }
        if (metadata.OfType<CallerRequired>().Any())
        {
            operation.Parameters.Add(Header(Audit.AuditFilter.PurposeHeader, "Why the record is read or changed; its first 500 characters are kept in the audit log, without control characters."));
        }
    }

    private static OpenApiParameter Header(string name, string description, int? maxLength = null) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = maxLength },
    };

    private static void Answer(OpenApiOperation operation, IOpenApiSchema problem, string status, string description, params (string Name, string Description)[] headers)
    {
        if (!operation.Responses!.TryGetValue(status, out var existing))
        {
            existing = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
            };
            operation.Responses[status] = existing;
        }
        foreach (var (name, text) in headers)
        {
            AddHeader(existing, name, text);
        }
    }

    private static void AddHeader(IOpenApiResponse response, string name, string description)
    {
        if (response is OpenApiResponse concrete)
        {
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
    }
}
