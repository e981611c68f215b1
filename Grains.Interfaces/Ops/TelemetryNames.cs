namespace Coordination.Grains.Interfaces.Ops;

/// <summary>The meters and activity sources the silo and the API export with OpenTelemetry.</summary>
public static class TelemetryNames
{
    /// <summary>The operations figures as gauges (exported by the API).</summary>
    public const string OpsMeter = "Coordination.Ops";

    /// <summary>Orleans' own meter (messaging, grains, catalog, storage, reminders).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Orleans' activity sources: grain calls made by the runtime and by application code.</summary>
    public static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>Npgsql's meter and activity source (commands, connections, pools).</summary>
    public const string Npgsql = "Npgsql";

    /// <summary>The .NET runtime's built-in meter (GC, JIT, thread pool, exceptions).</summary>
    public const string Runtime = "System.Runtime";

    /// <summary>Configuration: an OTLP endpoint turns on OTLP export of metrics and traces (the standard variable).</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
}
