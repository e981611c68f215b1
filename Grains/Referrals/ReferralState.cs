using System.Collections.Immutable;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Referrals;

/// <summary>A referral as the fold of its events; <see cref="Evolve"/> is the only place it changes.</summary>
public sealed record ReferralState
{
    public const int SnapshotVersion = 1;
    public const int RememberedOperations = 32;

    public static readonly ReferralState Unsent = new();

    public bool Sent { get; init; }
    public ReferralKind Kind { get; init; }
    public string? CaseNumber { get; init; }
    public string From { get; init; } = "";
    public string To { get; init; } = "";

    [Personal]
    public ReferralSubject? Subject { get; init; }

    [Personal]
    public CaseRegistration? Intake { get; init; }

    public bool ConsentToShare { get; init; }
    public string? ConsentOverriddenBy { get; init; }

    [Personal]
    public string? Note { get; init; }

    public string SentBy { get; init; } = "";
    public ReferralStatus Status { get; init; }
    public DateTimeOffset SentAt { get; init; }
    public DateTimeOffset DueAt { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }

    [Personal]
    public string? Reason { get; init; }

    public bool Overdue { get; init; }
    public ImmutableList<Escalation> Escalations { get; init; } = [];

    /// <summary>For an intake: the case the office registered.</summary>
    public string? ResultingCaseNumber { get; init; }

    /// <summary>Who made the last change (the case's history names them).</summary>
    public string LastActor { get; init; } = "";

    public ImmutableList<string> RecentOperations { get; init; } = [];

    /// <summary>What projections see of the referral after an event: no personal data.</summary>
    public ReferralSummary Summary() => new(Kind, CaseNumber, From, To, Status, SentAt, DueAt, AcknowledgedAt, AnsweredAt, Overdue);

    /// <summary>How far the referral has got, as its case is told.</summary>
    public ReferralProgress Progress(string referralId) => new(referralId, Kind, To, Status, Overdue, LastActor, Reason);

    public static ReferralState Evolve(ReferralState state, IDomainEvent @event, EventContext context)
    {
        var next = Apply(state, (ReferralEvent)@event);
        return next with { RecentOperations = EventSourcing.RecentOperations.Remember(next.RecentOperations, context.OperationId, RememberedOperations) };
    }

    private static ReferralState Apply(ReferralState state, ReferralEvent @event) => @event switch
    {
        ReferralSent e => state with
        {
            Sent = true,
            Kind = e.Kind,
            CaseNumber = e.CaseNumber,
            From = e.From,
            To = e.To,
            Subject = e.Subject,
            Intake = e.Intake,
            ConsentToShare = e.ConsentToShare,
            ConsentOverriddenBy = e.ConsentOverriddenBy,
            Note = e.Note,
            SentBy = e.By,
            Status = ReferralStatus.Sent,
            SentAt = e.At,
            DueAt = e.DueAt,
            LastActor = e.By,
        },
        ReferralAcknowledged e => state with { Status = ReferralStatus.Acknowledged, AcknowledgedAt = e.At, LastActor = e.By },
        ReferralAccepted e => state with
        {
            Status = ReferralStatus.Accepted,
            AcknowledgedAt = state.AcknowledgedAt ?? e.At,
            AnsweredAt = e.At,
            Reason = e.Reason ?? state.Reason,
            LastActor = e.By,
        },
        ReferralDeclined e => state with
        {
            Status = ReferralStatus.Declined,
            AcknowledgedAt = state.AcknowledgedAt ?? e.At,
            AnsweredAt = e.At,
            ClosedAt = e.At,
            Reason = e.Reason,
            LastActor = e.By,
        },
        ReferralCompleted e => state with { Status = ReferralStatus.Completed, ClosedAt = e.At, LastActor = e.By },
        ReferralCancelled e => state with { Status = ReferralStatus.Cancelled, ClosedAt = e.At, Reason = e.Reason ?? state.Reason, LastActor = e.By },
        ReferralEscalated e => state with { Overdue = true, Escalations = state.Escalations.AddRange(e.Steps), LastActor = e.By },
        IntakeRegistered e => state with { ResultingCaseNumber = e.CaseNumber },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Not a referral event."),
    };
}

/// <summary>A referral's non-personal state after an event, stored with the event for projections.</summary>
public sealed record ReferralSummary(
    ReferralKind Kind,
    string? CaseNumber,
    string From,
    string To,
    ReferralStatus Status,
    DateTimeOffset SentAt,
    DateTimeOffset DueAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? AnsweredAt,
    bool Overdue);
