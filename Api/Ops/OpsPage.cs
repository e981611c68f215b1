using System.Globalization;
using System.Net;
using System.Text;
using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Api.Ops;

/// <summary>
/// The operations page at <c>/ops</c>, drawn on the server: tables of every figure and SVG charts
/// beside them (no script or style from anywhere but this API, no charting library). The page's
/// script only asks for the panel again every few seconds and swaps it in. Counts and durations
/// only: nothing on it names a person, a case or a referral.
/// </summary>
public static class OpsPage
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static string N(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Page(OpsFigures figures) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Operations · Coordination</title>
          <link rel="stylesheet" href="/ops/assets/ops.css">
          <script src="/ops/assets/ops.js" defer></script>
        </head>
        <body>
          <a class="skip" href="#figures">Skip to the figures</a>
          <header>
            <h1>Coordination operations</h1>
            <nav aria-label="Operations pages">
              <a href="/dashboard/">Orleans dashboard</a>
              <a href="/ops/figures.csv{{Query(figures.Office)}}" download>CSV</a>
              <a href="/ops/figures{{Query(figures.Office)}}">JSON</a>
              <form method="post" action="/sign-out"><button type="submit" class="link">Sign out</button></form>
            </nav>
            <form method="get" action="/ops" class="scope" id="scope">
              <label for="office">Office</label>
              <select id="office" name="office">
                <option value=""{{(figures.Office is null ? " selected" : "")}}>All offices</option>
                {{string.Concat(figures.Offices.Select(o => $"<option value=\"{E(o.Office)}\"{(o.Office == figures.Office ? " selected" : "")}>{E(o.Office)} · {E(o.Name)}</option>"))}}
              </select>
              <button type="submit">Show</button>
            </form>
            <p id="status" role="status" aria-live="polite">{{E(LagText(figures))}}</p>
          </header>
          <main id="figures" data-office="{{E(figures.Office)}}">
        {{Panel(figures)}}
          </main>
        </body>
        </html>
        """;

    private static string Query(string? office) => office is null ? "" : $"?office={Uri.EscapeDataString(office)}";

    public static string LagText(OpsFigures figures) =>
        $"Figures as of {figures.AsOf:HH:mm:ss} UTC; " + (figures.Lag.PendingEvents == 0
            ? "up to date with the event log."
            : $"{N(figures.Lag.PendingEvents)} events behind the event log ({figures.Lag.Seconds.ToString("0.#", CultureInfo.InvariantCulture)} s).");

    /// <summary>Everything below the header; the page's script asks for it again every few seconds.</summary>
    public static string Panel(OpsFigures f)
    {
        var html = new StringBuilder();
        var scope = f.Office is null ? "all offices" : f.Office;
        html.Append($"""
            <div id="panel" data-as-of="{f.AsOf:O}" data-lag-events="{f.Lag.PendingEvents}" data-lag-seconds="{f.Lag.Seconds.ToString(CultureInfo.InvariantCulture)}">
            <section aria-labelledby="h-headline" class="headline">
              <h2 id="h-headline">Today, {E(scope)} <span class="muted">({f.Today:yyyy-MM-dd}, {E(f.TimeZone)})</span></h2>
              <dl>
                <div><dt>Open cases</dt><dd data-figure="open-cases">{N(f.OpenCases)}</dd></div>
                <div><dt>Registered today</dt><dd data-figure="registered-today">{N(f.Daily[^1].Registrations)}</dd></div>
                <div><dt>Open referrals</dt><dd data-figure="open-referrals">{N(f.Referrals.Sum(r => r.Open))}</dd></div>
                <div><dt>Overdue referrals</dt><dd data-figure="overdue-referrals">{N(f.Referrals.Sum(r => r.Overdue))}</dd></div>
                <div><dt>SLA breaches today</dt><dd data-figure="breaches-today">{N(f.Breaches.Today)}</dd></div>
                <div><dt>SLA breaches this week</dt><dd data-figure="breaches-week">{N(f.Breaches.ThisWeek)}</dd></div>
                <div><dt>Projection lag</dt><dd data-figure="lag">{N(f.Lag.PendingEvents)} events, {f.Lag.Seconds.ToString("0.#", CultureInfo.InvariantCulture)} s</dd></div>
              </dl>
            </section>
            """);

        html.Append(Table("offices", "Offices side by side",
            ["Office", "#Open cases", "#Registered today", "#Open referrals", "#Overdue referrals", "#SLA breaches this week"],
            f.Offices.Select(o => Row($"<th scope=\"row\">{E(o.Office)} <span class=\"muted\">{E(o.Name)}</span></th>",
                Cell(o.OpenCases, $"office-open-{o.Office}"), Cell(o.RegisteredToday), Cell(o.OpenReferrals), Cell(o.OverdueReferrals), Cell(o.BreachesThisWeek)))));

        var statuses = f.CasesByStatus;
        html.Append("<section aria-labelledby=\"h-status\" class=\"pair\"><h2 id=\"h-status\">Cases by status</h2>");
        html.Append(BarChart("chart-status", "Cases in each status now", statuses.Select(s => (s.Status.ToString(), (double)s.Cases, s.Open ? Blue : Grey)).ToList(), v => N(v)));
        html.Append(InnerTable("Cases in each status now", ["Status", "#Cases", "Open"],
            statuses.Select(s => Row($"<th scope=\"row\">{E(s.Status.ToString())}</th>",
                Cell(s.Cases, $"status-{s.Status}"), $"<td>{(s.Open ? "open" : "ended")}</td>"))));
        html.Append("</section>");

        html.Append("<section aria-labelledby=\"h-nationalities\" class=\"pair\"><h2 id=\"h-nationalities\">Cases by nationality</h2>");
        html.Append(BarChart("chart-nationalities", "Open cases by nationality (the 15 largest)",
            f.Nationalities.Take(15).Select(n => (n.Nationality, (double)n.Open, Green)).ToList(), v => N(v)));
        html.Append(InnerTable("Cases by nationality", ["Nationality", "#Open", "#Registered"],
            f.Nationalities.Select(n => Row($"<th scope=\"row\">{E(n.Nationality)}</th>", Cell(n.Open, $"nationality-open-{n.Nationality}"), Cell(n.Registered))),
            "No cases yet."));
        html.Append("</section>");

        html.Append("<section aria-labelledby=\"h-daily\"><h2 id=\"h-daily\">Registrations, departures and arrivals per day</h2>");
        html.Append(DailyChart(f.Daily));
        html.Append("<details><summary>The last 30 days as a table</summary>");
        html.Append(InnerTable("Per day", ["Day", "#Registrations", "#Departures", "#Arrivals"],
            f.Daily.AsEnumerable().Reverse().Select(d => Row($"<th scope=\"row\">{d.Day:yyyy-MM-dd}</th>",
                Cell(d.Registrations, d.Day == f.Today ? "today-registrations" : null), Cell(d.Departures, d.Day == f.Today ? "today-departures" : null),
                Cell(d.Arrivals, d.Day == f.Today ? "today-arrivals" : null)))));
        html.Append("</details></section>");

        html.Append(Table("referrals", "Referrals per counterpart and kind",
            ["Counterpart", "Kind", "#Sent", "#Open", "#Overdue", "#Accepted", "#Declined", "#Completed", "#Cancelled"],
            f.Referrals.Select(r => Row($"<th scope=\"row\">{E(r.To)}</th>", $"<td>{E(r.Kind.ToString())}</td>",
                Cell(r.Sent, $"referrals-sent-{r.To}-{r.Kind}"), Cell(r.Open, $"referrals-open-{r.To}-{r.Kind}"),
                Cell(r.Overdue, $"referrals-overdue-{r.To}-{r.Kind}", r.Overdue > 0 ? "alert" : null),
                Cell(r.Accepted), Cell(r.Declined), Cell(r.Completed), Cell(r.Cancelled))), "No referrals yet."));

        html.Append(Table("turnaround", "Time to acknowledge and to answer, per counterpart",
            ["Counterpart", "#Acknowledged", "#Median to acknowledge", "#90th percentile", "#Answered", "#Median to answer", "#90th percentile"],
            f.Turnaround.Select(t => Row($"<th scope=\"row\">{E(t.To)}</th>", Cell(t.Acknowledged, $"acknowledged-{t.To}"),
                Duration(t.AcknowledgeMedianSeconds), Duration(t.AcknowledgeP90Seconds), Cell(t.Answered, $"answered-{t.To}"),
                Duration(t.AnswerMedianSeconds), Duration(t.AnswerP90Seconds))), "Nothing acknowledged or answered yet."));

        html.Append(Table("breaches", $"SLA breaches today and this week (since {f.WeekStart:yyyy-MM-dd})",
            ["Counterpart", "#Today", "#This week"],
            f.Breaches.ByCounterpart.Select(b => Row($"<th scope=\"row\">{E(b.To)}</th>", Cell(b.Today), Cell(b.ThisWeek))), "No SLA breached this week."));

        html.Append(Table("transfers", "Transfers between offices",
            ["From", "To", "#Sent", "#Open", "#Accepted", "#Declined", "#Cancelled"],
            f.Transfers.Select(t => Row($"<th scope=\"row\">{E(t.From)}</th>", $"<td>{E(t.To)}</td>", Cell(t.Sent, $"transfers-{t.From}-{t.To}"),
                Cell(t.Open), Cell(t.Accepted), Cell(t.Declined), Cell(t.Cancelled))), "No transfers yet."));
        html.Append("<section aria-labelledby=\"h-stuck\" class=\"pair\"><h2 id=\"h-stuck\">Time spent in each status</h2>");
        html.Append(BarChart("chart-stuck", "Median time cases stayed in each status before moving on",
            f.TimeInStatus.Where(s => s.MedianSeconds is not null).Select(s => (s.Status.ToString(), s.MedianSeconds!.Value, Orange)).ToList(), FormatDuration));
        html.Append(InnerTable("Time in each status", ["Status", "#In it now", "#Moved on", "#Median stay", "#90th percentile", "#Mean"],
            f.TimeInStatus.Select(s => Row($"<th scope=\"row\">{E(s.Status.ToString())}</th>", Cell(s.Current), Cell(s.Left, $"left-{s.Status}"),
                Duration(s.MedianSeconds), Duration(s.P90Seconds), Duration(s.MeanSeconds)))));
        html.Append("</section>");

        html.Append("</div>");
        return html.ToString();
    }

    private const string Blue = "#0b5cad", Grey = "#6b7280", Orange = "#a34a00", Green = "#1f7a3a";

    private static string Row(params string[] cells) => $"<tr>{string.Concat(cells)}</tr>";

    private static string Cell(int value, string? figure = null, string? @class = null) =>
        $"<td class=\"num{(@class is null ? "" : " " + @class)}\"{(figure is null ? "" : $" data-figure=\"{E(figure)}\"")}>{N(value)}</td>";

    private static string Duration(double? seconds) => $"<td class=\"num\">{(seconds is { } s ? E(FormatDuration(s)) : "<span class=\"muted\">none</span>")}</td>";

    /// <summary>A duration the way people say it: 42 s, 5 min, 3 h 20 min, 4 d 6 h.</summary>
    public static string FormatDuration(double seconds) => seconds switch
    {
        < 60 => $"{Math.Round(seconds)} s",
        < 3600 => $"{Math.Round(seconds / 60)} min",
        < 86400 => $"{Math.Floor(seconds / 3600)} h {Math.Round(seconds % 3600 / 60)} min",
        _ => $"{Math.Floor(seconds / 86400)} d {Math.Round(seconds % 86400 / 3600)} h",
    };

    private static string Table(string id, string caption, string[] headers, IEnumerable<string> rows, string? empty = null) =>
        $"<section aria-labelledby=\"h-{id}\"><h2 id=\"h-{id}\">{E(caption)}</h2>{InnerTable(caption, headers, rows, empty)}</section>";

    private static string InnerTable(string caption, string[] headers, IEnumerable<string> rows, string? empty = null)
    {
        var body = string.Concat(rows);
        if (body.Length == 0 && empty is not null)
        {
            return $"<p class=\"muted\">{E(empty)}</p>";
        }
        return $"<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{E(caption)}\"><table><caption class=\"visually-hidden\">{E(caption)}</caption>"
            + $"<thead><tr>{string.Concat(headers.Select(Header))}</tr></thead><tbody>{body}</tbody></table></div>";
    }

    /// <summary>A column heading; one written "#Name" heads a column of numbers (aligned right, as they are).</summary>
    private static string Header(string heading) =>
        heading.StartsWith('#') ? $"<th scope=\"col\" class=\"num\">{E(heading[1..])}</th>" : $"<th scope=\"col\">{E(heading)}</th>";

    /// <summary>Horizontal bars, one per label, with the value written at the end of each bar.</summary>
    private static string BarChart(string id, string title, IReadOnlyList<(string Label, double Value, string Colour)> bars, Func<double, string> format)
    {
        if (bars.Count == 0)
        {
            return "";
        }
        const int labelWidth = 150, barWidth = 200, rowHeight = 22;
        var max = Math.Max(1, bars.Max(b => b.Value));
        var height = bars.Count * rowHeight + 4;
        var svg = new StringBuilder($"<figure class=\"chart\"><svg id=\"{id}\" viewBox=\"0 0 {labelWidth + barWidth + 90} {height}\" role=\"img\" aria-labelledby=\"{id}-title\" preserveAspectRatio=\"xMinYMin meet\">"
            + $"<title id=\"{id}-title\">{E(title)}</title>");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value, colour) = bars[i];
            var y = i * rowHeight + 2;
            var width = value <= 0 ? 0 : Math.Max(1, value / max * barWidth);
            svg.Append($"<text x=\"{labelWidth - 6}\" y=\"{y + 15}\" text-anchor=\"end\" class=\"label\">{E(label)}</text>");
            svg.Append($"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{width.ToString("0.#", CultureInfo.InvariantCulture)}\" height=\"{rowHeight - 6}\" fill=\"{colour}\" rx=\"2\"></rect>");
            svg.Append($"<text x=\"{(labelWidth + width + 6).ToString("0.#", CultureInfo.InvariantCulture)}\" y=\"{y + 15}\" class=\"value\">{E(format(value))}</text>");
        }
        svg.Append($"</svg><figcaption>{E(title)}</figcaption></figure>");
        return svg.ToString();
    }

    /// <summary>Registrations as bars per day, departures and arrivals as lines over them, for the last 30 days.</summary>
    private static string DailyChart(IReadOnlyList<DayFigures> days)
    {
        const int width = 620, height = 200, left = 36, bottom = 24, top = 10;
        var max = Math.Max(1, days.Max(d => Math.Max(d.Registrations, Math.Max(d.Departures, d.Arrivals))));
        var step = (double)(width - left - 8) / days.Count;
        string X(int i) => (left + i * step + step / 2).ToString("0.#", CultureInfo.InvariantCulture);
        string Y(int v) => (height - bottom - (double)v / max * (height - bottom - top)).ToString("0.#", CultureInfo.InvariantCulture);
        var svg = new StringBuilder($"<figure class=\"chart wide\"><svg id=\"chart-daily\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"chart-daily-title\">"
            + "<title id=\"chart-daily-title\">Registrations (bars), departures and arrivals (lines) per day over the last 30 days</title>");
        svg.Append($"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - 4}\" y2=\"{height - bottom}\" stroke=\"#6b7280\"></line>");
        svg.Append($"<text x=\"{left - 4}\" y=\"{top + 8}\" text-anchor=\"end\" class=\"label\">{max}</text><text x=\"{left - 4}\" y=\"{height - bottom}\" text-anchor=\"end\" class=\"label\">0</text>");
        for (var i = 0; i < days.Count; i++)
        {
            var d = days[i];
            var barHeight = (double)d.Registrations / max * (height - bottom - top);
            svg.Append($"<rect x=\"{(left + i * step + 1).ToString("0.#", CultureInfo.InvariantCulture)}\" y=\"{Y(d.Registrations)}\" width=\"{Math.Max(1, step - 2).ToString("0.#", CultureInfo.InvariantCulture)}\" height=\"{barHeight.ToString("0.#", CultureInfo.InvariantCulture)}\" fill=\"{Blue}\" opacity=\"0.75\"></rect>");
            if (i % 7 == 2 || i == days.Count - 1)
            {
                svg.Append($"<text x=\"{X(i)}\" y=\"{height - 6}\" text-anchor=\"{(i == days.Count - 1 ? "end" : "middle")}\" class=\"label\">{d.Day:MM-dd}</text>");
            }
        }
        svg.Append($"<polyline fill=\"none\" stroke=\"{Orange}\" stroke-width=\"2.5\" points=\"{string.Join(' ', days.Select((d, i) => $"{X(i)},{Y(d.Departures)}"))}\"></polyline>");
        svg.Append($"<polyline fill=\"none\" stroke=\"{Green}\" stroke-width=\"2.5\" stroke-dasharray=\"6 3\" points=\"{string.Join(' ', days.Select((d, i) => $"{X(i)},{Y(d.Arrivals)}"))}\"></polyline>");
        svg.Append("</svg><figcaption><span class=\"key reg\"></span>Registrations <span class=\"key dep\"></span>Departures <span class=\"key arr\"></span>Arrivals</figcaption></figure>");
        return svg.ToString();
    }
}
