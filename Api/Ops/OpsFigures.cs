using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Api.Ops;

/// <summary>
/// The programme's figures for operations, for one office or all of them: counts and durations
/// only, never a name, a case number or a referral id. Read from the "ops" projection of the event
/// log; <see cref="Lag"/> says how far behind the log it is.
/// </summary>
/// <param name="Office">The office the figures are for; null for the whole programme.</param>
/// <param name="AsOf">When they were read.</param>
/// <param name="TimeZone">The time zone whose dates "today", "this week" and the days are in.</param>
/// <param name="Today">Today's date in that time zone.</param>
/// <param name="WeekStart">The Monday this week began.</param>
/// <param name="Lag">How far the figures are behind the event log.</param>
/// <param name="Offices">Each office side by side (always every office, whatever <paramref name="Office"/>).</param>
/// <param name="OpenCases">Cases not ended (closed, ineligible, withdrawn).</param>
/// <param name="CasesByStatus">Cases in each status now.</param>
/// <param name="Daily">Registrations, departures and arrivals on each of the last 30 days, oldest first.</param>
/// <param name="Referrals">Referrals per counterpart and kind: sent, open now, overdue now, and how they ended.</param>
/// <param name="Turnaround">Per counterpart: median and 90th percentile of the time to acknowledge and to answer, in seconds.</param>
/// <param name="Breaches">Referrals that passed their SLA today and this week.</param>
/// <param name="TimeInStatus">Per status: cases in it now, and how long cases that left it had stayed.</param>
/// <param name="Nationalities">Cases per nationality (ISO 3166-1 alpha-3): registered and open.</param>
/// <param name="Transfers">Transfers between offices: sent, open, accepted, declined, cancelled.</param>
public sealed record OpsFigures(
    string? Office,
    DateTimeOffset AsOf,
    string TimeZone,
    DateOnly Today,
    DateOnly WeekStart,
    ProjectionLag Lag,
    IReadOnlyList<OfficeOverview> Offices,
    int OpenCases,
    IReadOnlyList<StatusCount> CasesByStatus,
    IReadOnlyList<DayFigures> Daily,
    IReadOnlyList<ReferralFigures> Referrals,
    IReadOnlyList<TurnaroundFigures> Turnaround,
    SlaBreaches Breaches,
    IReadOnlyList<StatusTime> TimeInStatus,
    IReadOnlyList<NationalityCount> Nationalities,
    IReadOnlyList<TransferFigures> Transfers);

/// <summary>How far the figures are behind the event log.</summary>
/// <param name="PendingEvents">Events committed but not yet counted (counted up to 10,000 per log partition).</param>
/// <param name="OldestPendingAt">When the oldest of those happened; null when caught up.</param>
/// <param name="Seconds">Seconds since then; 0 when caught up.</param>
public sealed record ProjectionLag(long PendingEvents, DateTimeOffset? OldestPendingAt, double Seconds);

/// <summary>One office at a glance.</summary>
public sealed record OfficeOverview(string Office, string Name, int OpenCases, int RegisteredToday, int OpenReferrals, int OverdueReferrals, int BreachesThisWeek);

/// <summary>Cases in one status; <paramref name="Open"/> is false for the statuses that end a case.</summary>
public sealed record StatusCount(CaseStatus Status, int Cases, bool Open);

/// <summary>What happened on one day.</summary>
public sealed record DayFigures(DateOnly Day, int Registrations, int Departures, int Arrivals);

/// <summary>
/// Referrals to one counterpart of one kind: sent; open now (the counterpart still owes an answer, or
/// an accepted travel document: its SLA clock runs); overdue now (open and past the SLA); and how they ended.
/// </summary>
public sealed record ReferralFigures(string To, ReferralKind Kind, int Sent, int Open, int Overdue, int Accepted, int Declined, int Completed, int Cancelled);

/// <summary>How fast a counterpart acknowledges and answers, over every referral it has acknowledged or answered.</summary>
public sealed record TurnaroundFigures(
    string To, int Acknowledged, double? AcknowledgeMedianSeconds, double? AcknowledgeP90Seconds,
    int Answered, double? AnswerMedianSeconds, double? AnswerP90Seconds);

/// <summary>SLA breaches (a referral becoming overdue) today and this week, in all and per counterpart.</summary>
public sealed record SlaBreaches(int Today, int ThisWeek, IReadOnlyList<CounterpartBreaches> ByCounterpart);

/// <summary>One counterpart's SLA breaches.</summary>
public sealed record CounterpartBreaches(string To, int Today, int ThisWeek);

/// <summary>
/// One status: cases in it now, and of the cases that left it, how many and how long they had
/// stayed (median, 90th percentile and mean, in seconds). Where cases get stuck.
/// </summary>
public sealed record StatusTime(CaseStatus Status, int Current, int Left, double? MedianSeconds, double? P90Seconds, double? MeanSeconds);

/// <summary>Cases of one nationality.</summary>
public sealed record NationalityCount(string Nationality, int Registered, int Open);

/// <summary>Transfers from one office to another.</summary>
public sealed record TransferFigures(string From, string To, int Sent, int Open, int Accepted, int Declined, int Cancelled);
