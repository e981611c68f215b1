using System.Diagnostics.Metrics;
using Coordination.Grains.Interfaces.Ops;

namespace Coordination.Api.Ops;

/// <summary>
/// The operations figures as OpenTelemetry gauges (meter <c>Coordination.Ops</c>), for monitoring
/// stacks that scrape or receive metrics. A collection reads the figures of the whole programme at
/// most every <see cref="MaxAge"/> (one round trip to PostgreSQL); between reads it reports the last.
/// </summary>
public sealed class OpsMetrics : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(3);

    private readonly Meter _meter;
    private readonly OpsFiguresQuery _query;
    private readonly TimeProvider _clock;
    private readonly ILogger<OpsMetrics> _logger;
    private readonly Lock _gate = new();
    private OpsFigures? _latest;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public OpsMetrics(IMeterFactory meters, OpsFiguresQuery query, TimeProvider clock, ILogger<OpsMetrics> logger)
    {
        (_query, _clock, _logger) = (query, clock, logger);
        _meter = meters.Create(TelemetryNames.OpsMeter);
        _meter.CreateObservableGauge<int>("coordination.ops.cases", () => Figures() is { } f
            ? f.CasesByStatus.Select(s => M<int>(s.Cases, ("status", s.Status.ToString()))) : Array.Empty<Measurement<int>>(),
            "{case}", "Cases in each status, all offices");
        _meter.CreateObservableGauge<int>("coordination.ops.office.open_cases", () => Figures() is { } f
            ? f.Offices.Select(o => M<int>(o.OpenCases, ("office", o.Office))) : Array.Empty<Measurement<int>>(),
            "{case}", "Open cases per office");
        _meter.CreateObservableGauge<int>("coordination.ops.office.overdue_referrals", () => Figures() is { } f
            ? f.Offices.Select(o => M<int>(o.OverdueReferrals, ("office", o.Office))) : Array.Empty<Measurement<int>>(),
            "{referral}", "Overdue referrals sent or received per office");
        _meter.CreateObservableGauge<int>("coordination.ops.referrals.open", () => Figures() is { } f
            ? f.Referrals.Select(r => M<int>(r.Open, ("to", r.To), ("kind", r.Kind.ToString()))) : Array.Empty<Measurement<int>>(),
            "{referral}", "Open referrals per counterpart and kind");
        _meter.CreateObservableGauge<int>("coordination.ops.referrals.overdue", () => Figures() is { } f
            ? f.Referrals.Select(r => M<int>(r.Overdue, ("to", r.To), ("kind", r.Kind.ToString()))) : Array.Empty<Measurement<int>>(),
            "{referral}", "Overdue referrals per counterpart and kind");
        _meter.CreateObservableGauge<int>("coordination.ops.sla_breaches", () => Figures() is { } f
            ? [M(f.Breaches.Today, ("period", "today")), M(f.Breaches.ThisWeek, ("period", "week"))] : Array.Empty<Measurement<int>>(),
            "{referral}", "Referrals that passed their SLA today and this week");
        _meter.CreateObservableGauge<double>("coordination.ops.turnaround", () => Figures() is { } f
            ? f.Turnaround.SelectMany(Turnaround) : Array.Empty<Measurement<double>>(),
            "s", "Time to acknowledge and to answer per counterpart (median and 90th percentile)");
        _meter.CreateObservableGauge<double>("coordination.ops.projection.lag", () => Figures() is { } f
            ? [M(f.Lag.Seconds)] : Array.Empty<Measurement<double>>(),
            "s", "How far the figures are behind the event log");
        _meter.CreateObservableGauge<long>("coordination.ops.projection.pending_events", () => Figures() is { } f
            ? [M(f.Lag.PendingEvents)] : Array.Empty<Measurement<long>>(),
            "{event}", "Events of the log not yet counted in the figures");
    }

    private static Measurement<T> M<T>(T value, params (string Key, string Value)[] tags) where T : struct =>
        new(value, tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value)));

    private static IEnumerable<Measurement<double>> Turnaround(TurnaroundFigures t)
    {
        foreach (var (measure, quantile, value) in new[]
        {
            ("acknowledge", "0.5", t.AcknowledgeMedianSeconds), ("acknowledge", "0.9", t.AcknowledgeP90Seconds),
            ("answer", "0.5", t.AnswerMedianSeconds), ("answer", "0.9", t.AnswerP90Seconds),
        })
        {
            if (value is { } seconds)
            {
                yield return M<double>(seconds, ("to", t.To), ("measure", measure), ("quantile", quantile));
            }
        }
    }

    /// <summary>The figures of the whole programme, read again when older than <see cref="MaxAge"/>; the last ones if that fails.</summary>
    private OpsFigures? Figures()
    {
        lock (_gate)
        {
            if (_clock.GetUtcNow() - _readAt < MaxAge)
            {
                return _latest;
            }
            try
            {
                using var timeout = new CancellationTokenSource(ReadTimeout);
                // Gauges are read synchronously by the exporter; one short read serves every gauge of this collection.
                _latest = _query.ReadAsync(null, timeout.Token).GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Could not read the operations figures for the metrics; reporting the last ones");
            }
            _readAt = _clock.GetUtcNow();
            return _latest;
        }
    }

    public void Dispose() => _meter.Dispose();
}
