using System.Globalization;
using System.Text;

namespace Coordination.Api.Ops;

/// <summary>
/// The figures as one CSV table in long form (RFC 4180, UTF-8): one row per number, with the
/// figure, the scope (an office or "all"), up to two keys and the measure, so that a spreadsheet's
/// pivot table or a script can take any cut of it.
/// </summary>
public static class OpsFiguresCsv
{
    public const string Header = "figure,scope,key,subkey,measure,value";

    public static string Write(OpsFigures figures)
    {
        var csv = new StringBuilder(Header).Append("\r\n");
        var scope = figures.Office ?? "all";
        void Row(string figure, string key, string subkey, string measure, double? value)
        {
            csv.Append(Field(figure)).Append(',').Append(Field(scope)).Append(',').Append(Field(key)).Append(',').Append(Field(subkey)).Append(',')
               .Append(Field(measure)).Append(',').Append(value is { } v ? Math.Round(v, 1).ToString(CultureInfo.InvariantCulture) : "").Append("\r\n");
        }

        Row("lag", "", "", "pending_events", figures.Lag.PendingEvents);
        Row("lag", "", "", "seconds", figures.Lag.Seconds);
        Row("cases", "", "", "open", figures.OpenCases);
        foreach (var o in figures.Offices)
        {
            Row("office", o.Office, "", "open_cases", o.OpenCases);
            Row("office", o.Office, "", "registered_today", o.RegisteredToday);
            Row("office", o.Office, "", "open_referrals", o.OpenReferrals);
            Row("office", o.Office, "", "overdue_referrals", o.OverdueReferrals);
            Row("office", o.Office, "", "breaches_this_week", o.BreachesThisWeek);
        }
        foreach (var s in figures.CasesByStatus)
        {
            Row("cases_by_status", s.Status.ToString(), "", "cases", s.Cases);
        }
        foreach (var d in figures.Daily)
        {
            var day = d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Row("daily", day, "", "registrations", d.Registrations);
            Row("daily", day, "", "departures", d.Departures);
            Row("daily", day, "", "arrivals", d.Arrivals);
        }
        foreach (var r in figures.Referrals)
        {
            var kind = r.Kind.ToString();
            Row("referrals", r.To, kind, "sent", r.Sent);
            Row("referrals", r.To, kind, "open", r.Open);
            Row("referrals", r.To, kind, "overdue", r.Overdue);
            Row("referrals", r.To, kind, "accepted", r.Accepted);
            Row("referrals", r.To, kind, "declined", r.Declined);
            Row("referrals", r.To, kind, "completed", r.Completed);
            Row("referrals", r.To, kind, "cancelled", r.Cancelled);
        }
        foreach (var t in figures.Turnaround)
        {
            Row("turnaround", t.To, "", "acknowledged", t.Acknowledged);
            Row("turnaround", t.To, "", "acknowledge_median_seconds", t.AcknowledgeMedianSeconds);
            Row("turnaround", t.To, "", "acknowledge_p90_seconds", t.AcknowledgeP90Seconds);
            Row("turnaround", t.To, "", "answered", t.Answered);
            Row("turnaround", t.To, "", "answer_median_seconds", t.AnswerMedianSeconds);
            Row("turnaround", t.To, "", "answer_p90_seconds", t.AnswerP90Seconds);
        }
        Row("sla_breaches", "", "", "today", figures.Breaches.Today);
        Row("sla_breaches", "", "", "this_week", figures.Breaches.ThisWeek);
        foreach (var b in figures.Breaches.ByCounterpart)
        {
            Row("sla_breaches", b.To, "", "today", b.Today);
            Row("sla_breaches", b.To, "", "this_week", b.ThisWeek);
        }
        foreach (var s in figures.TimeInStatus)
        {
            var status = s.Status.ToString();
            Row("time_in_status", status, "", "current", s.Current);
            Row("time_in_status", status, "", "left", s.Left);
            Row("time_in_status", status, "", "median_seconds", s.MedianSeconds);
            Row("time_in_status", status, "", "p90_seconds", s.P90Seconds);
            Row("time_in_status", status, "", "mean_seconds", s.MeanSeconds);
        }
        foreach (var n in figures.Nationalities)
        {
            Row("nationalities", n.Nationality, "", "registered", n.Registered);
            Row("nationalities", n.Nationality, "", "open", n.Open);
        }
        foreach (var t in figures.Transfers)
        {
            Row("transfers", t.From, t.To, "sent", t.Sent);
            Row("transfers", t.From, t.To, "open", t.Open);
            Row("transfers", t.From, t.To, "accepted", t.Accepted);
            Row("transfers", t.From, t.To, "declined", t.Declined);
            Row("transfers", t.From, t.To, "cancelled", t.Cancelled);
        }
        return csv.ToString();
    }

    /// <summary>Quotes a field when it needs it, and defuses a leading formula character (CSV injection).</summary>
    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
