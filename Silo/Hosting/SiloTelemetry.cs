using Coordination.Grains.Interfaces.Ops;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Coordination.Silo.Hosting;

/// <summary>
/// OpenTelemetry in the silo: Orleans', Npgsql's and the runtime's meters on a Prometheus scrape
/// endpoint of its own, <c>http://{Telemetry:PrometheusHost}:{Telemetry:PrometheusPort}/metrics</c>, when
/// the port is set (the silo has no web server of its own; several silos on a machine need a port each;
/// the host is 127.0.0.1 unless set), and over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, with the traces of
/// grain calls and their PostgreSQL statements.
/// </summary>
public static class SiloTelemetry
{
    public const string PrometheusPortSetting = "Telemetry:PrometheusPort";
    public const string PrometheusHostSetting = "Telemetry:PrometheusHost";

    public static bool OtlpConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[TelemetryNames.OtlpEndpointSetting]);

    public static HostApplicationBuilder AddCoordinationTelemetry(this HostApplicationBuilder builder)
    {
        var prometheus = builder.Configuration[PrometheusPortSetting];
        if (!string.IsNullOrWhiteSpace(prometheus) && !(int.TryParse(prometheus, out var port) && port is > 0 and < 65536))
        {
            throw new InvalidOperationException($"{PrometheusPortSetting} '{prometheus}' is not a TCP port.");
        }
        var otlp = OtlpConfigured(builder.Configuration);
        if (string.IsNullOrWhiteSpace(prometheus) && !otlp)
        {
            return builder;
        }
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("coordination-silo"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(TelemetryNames.OrleansMeter, TelemetryNames.Npgsql, TelemetryNames.Runtime);
                if (!string.IsNullOrWhiteSpace(prometheus))
                {
                    metrics.AddPrometheusHttpListener(o =>
                    {
                        o.Host = builder.Configuration[PrometheusHostSetting] is { Length: > 0 } host ? host : "127.0.0.1";
                        o.Port = int.Parse(prometheus, System.Globalization.CultureInfo.InvariantCulture);
                    });
                }
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(TelemetryNames.OrleansSources).AddSource(TelemetryNames.Npgsql).AddOtlpExporter());
        }
        return builder;
    }
}
