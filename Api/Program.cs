using System.Text.Json.Serialization;
using Coordination.Api.Admin;
using Coordination.Api.Audit;
using Coordination.Api.Authorities;
using Coordination.Api.Cases;
using Coordination.Api.Dashboard;
using Coordination.Api.Health;
using Coordination.Api.Hosting;
using Coordination.Api.Idempotency;
using Coordination.Api.Offices;
using Coordination.Api.Ops;
using Coordination.Api.Problems;
using Coordination.Api.Referrals;
using Coordination.Api.Rules;
using Coordination.Api.Webhooks;
using Coordination.Api.Security;
using Orleans.Dashboard;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
if (args.FirstOrDefault() == "mint-token")
{
    return TokenMinter.RunCommand(args, builder.Configuration.GetSection(TokenOptions.Section).Get<TokenOptions>() ?? new());
}

builder.AddCoordinationClusterClient();
builder.AddCoordinationAuthentication();
builder.Services.AddSingleton(TimeProvider.System);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = BodySizeLimitMiddleware.MaxBodyBytes);
builder.Services.AddSingleton<AuditTrail>();
builder.Services.AddHostedService(services => services.GetRequiredService<AuditTrail>());
builder.Services.Configure<IdempotencyOptions>(builder.Configuration.GetSection(IdempotencyOptions.Section));
builder.Services.AddSingleton<ExpiredAnswerPurge>();
builder.Services.AddHostedService(services => services.GetRequiredService<ExpiredAnswerPurge>());
builder.Services.AddProblemDetails();
builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonFallbackWriter>();
builder.Services.AddExceptionHandler<RequestBodyExceptionHandler>();
builder.Services.AddExceptionHandler<DomainExceptionHandler>();
builder.Services.AddExceptionHandler<ClusterUnavailableExceptionHandler>();
// Bad request bodies surface as exceptions so that RequestBodyExceptionHandler can name the field.
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
// Enums by name as spelled only: a number such as riskLevel 42 is not a level, nor is "low". Numbers as JSON numbers only, as the OpenAPI document says.
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new EnumNamesJsonConverter());
    o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
});
builder.Services.AddCoordinationHealthChecks();
builder.Services.AddCoordinationOpenApi();
builder.Services.AddOpsFigures(builder.Configuration);
builder.AddCoordinationTelemetry();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<BodySizeLimitMiddleware>();
app.UseMiddleware<RequestCharsetMiddleware>();
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<CallerMiddleware>();
app.UseMiddleware<IdempotencyMiddleware>();
// Inside the idempotency store: a refusal (400, 404, 409, 412) is an answer, stored and replayed like any other.
app.UseExceptionHandler();

// One document, v1: any other name is an ordinary 404 problem rather than the library's plain text.
app.MapOpenApi("/openapi/{documentName:regex(^v1$)}.json").AllowAnonymous();
app.MapScalarApiReference("/reference").AllowAnonymous();
app.MapHealthEndpoints();
app.MapCaseListEndpoints();
app.MapCaseEndpoints();
app.MapCaseActionEndpoints();
app.MapCaseExportEndpoints();
app.MapCaseErasureEndpoints();
app.MapEmergencyAccessEndpoints();
app.MapReferralEndpoints();
app.MapOfficeEndpoints();
app.MapAuthorityEndpoints();
app.MapAuditEndpoints();
app.MapAdminEndpoints();
app.MapRetentionEndpoints();
app.MapRuleEndpoints();
app.MapWebhookEndpoints();
app.MapSignInEndpoints();
app.MapOpsEndpoints();
app.MapCoordinationTelemetry();
// The dashboard's own endpoints are the library's internals, not this API's contract: out of the OpenAPI document.
app.MapOrleansDashboard("/dashboard").RequireAuthorization(Policies.Operations).AddEndpointFilter<DashboardRequestFilter>().ExcludeFromDescription();

app.Run();
return 0;

/// <summary>Visible to the API tests, which host this program.</summary>
public partial class Program;
