using System.Text.Json.Serialization;
using Coordination.Api.Admin;
using Coordination.Api.Audit;
using Coordination.Api.Authorities;
using Coordination.Api.Cases;
using Coordination.Api.Dashboard;
using Coordination.Api.Health;
using Coordination.Api.Idempotency;
using Coordination.Api.Offices;
using Coordination.Api.Ops;
using Coordination.Api.Problems;
using Coordination.Api.Referrals;
using Coordination.Api.Rules;
using Coordination.Api.Security;
using Coordination.Api.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.Dashboard;
using Scalar.AspNetCore;

namespace Coordination.Api.Hosting;

/// <summary>
/// The HTTP API, whichever process serves it: the API program (an Orleans client of the silos) or a
/// silo that serves it too (<c>Api__Urls</c>, a co-hosted node: its grain calls skip the network hop
/// when the actor lives in that silo). Both call <see cref="AddCoordinationApi"/> and
/// <see cref="UseCoordinationApi"/>; only how the process reaches the grains differs.
/// </summary>
public static class CoordinationApiHosting
{
    /// <summary>The API's services: authentication, the audit trail, idempotency, problem details, health, OpenAPI, figures, telemetry.</summary>
    public static WebApplicationBuilder AddCoordinationApi(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Coordination");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "Set ConnectionStrings:Coordination (environment: ConnectionStrings__Coordination) to the cluster's PostgreSQL connection string.");
        }
        // The API leaves no session state on its connections (audit, idempotency, lists): they need no
        // reset between uses. A silo that serves the API has registered its own pool already, which the API shares.
        builder.Services.TryAddSingleton(_ => NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString));
        builder.AddCoordinationAuthentication();
        builder.Services.TryAddSingleton(TimeProvider.System);
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
        return builder;
    }

    /// <summary>The API's middleware and endpoints.</summary>
    public static WebApplication UseCoordinationApi(this WebApplication app)
    {
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
        return app;
    }
}
