using Coordination.Api.Ops;
using Coordination.Grains.Interfaces.Ops;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Coordination.Api.Hosting;

/// <summary>
/// OpenTelemetry in the API: ASP.NET Core's, Kestrel's, the Orleans client's, Npgsql's and the
/// runtime's meters and the operations figures, on a Prometheus scrape endpoint (<c>/metrics</c>,
/// operations and administrators) and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, over OTLP
/// with traces of each request through the grains it calls and PostgreSQL.
/// </summary>
public static class ApiTelemetry
{
    public const string ScrapePath = "/metrics";

    /// <summary>The ASP.NET Core meters on <see cref="ScrapePath"/>.</summary>
    public static readonly string[] AspNetCoreMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics"];

    public static bool OtlpConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[TelemetryNames.OtlpEndpointSetting]);

    public static WebApplicationBuilder AddCoordinationTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = OtlpConfigured(builder.Configuration);
        builder.Services.AddSingleton<OpsMetrics>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("coordination-api"))
            .WithMetrics(metrics =>
            {
                // ASP.NET Core's requests (duration, active), errors and connections, named one by one:
                // its routing, authentication and memory-pool meters count something on every request
                // (about 1% of a case read's CPU) and no one watches them.
                metrics.AddMeter(AspNetCoreMeters)
                    .AddMeter(TelemetryNames.OrleansMeter, TelemetryNames.Npgsql, TelemetryNames.Runtime, TelemetryNames.OpsMeter)
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments(ScrapePath))
                .AddSource(TelemetryNames.OrleansSources)
                .AddSource(TelemetryNames.Npgsql)
                .AddOtlpExporter());
        }
        return builder;
    }

    /// <summary>The scrape endpoint, for operations and administrators (a scraper sends a bearer token).</summary>
    public static WebApplication MapCoordinationTelemetry(this WebApplication app)
    {
        // Resolving it registers the figures' gauges with the meter provider.
        app.Services.GetRequiredService<OpsMetrics>();
        app.MapPrometheusScrapingEndpoint(ScrapePath).RequireAuthorization(Security.Policies.Operations);
        return app;
    }
}
