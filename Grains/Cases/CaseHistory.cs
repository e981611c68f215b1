using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Grains.Cases;

/// <summary>The case history users see: each event of the stream with who, when, from which status to which, and why.</summary>
public static class CaseHistory
{
    public static IReadOnlyList<CaseHistoryEntry> Of(IEnumerable<RecordedEvent> events)
    {
        var entries = new List<CaseHistoryEntry>();
        var state = CaseState.Unregistered;
        foreach (var recorded in events)
        {
            var before = state.Registered ? state.Status : CaseStatus.Registered;
            state = CaseState.Evolve(state, recorded.Event, new EventContext(recorded.Version, recorded.Metadata.OperationId));
            var @event = (CaseEvent)recorded.Event;
            entries.Add(new CaseHistoryEntry(@event.At, @event.By, @event.GetType().Name, before, state.Status,
                recorded.PersonalDataErased ? "[erased]" : Reason(@event), recorded.Version));
        }
        return entries;
    }

    /// <summary>The "why" of an event, in words.</summary>
    public static string? Reason(CaseEvent @event) => @event switch
    {
        CaseRegistered { PossibleDuplicates.Length: > 0 } e => $"possible duplicate of {string.Join(", ", e.PossibleDuplicates)}",
        CaseRegistered { IntakeReferralId: { } intake } => $"from INM intake {intake}",
        CounsellingRecorded e => e.Notes,
        ScreeningRecorded e => e.Reason,
        RiskAssessed e => $"{e.Level} risk: {e.Summary}",
        ReferralRequested e => string.Join("; ", new[]
        {
            $"{e.ReferralId} ({e.Kind}) to {e.To}",
            e.Rule is null ? null : $"opened by rule {e.Rule}",
            e.Note,
            e.ConsentToShare ? null : $"sent without the migrant's consent to share: {e.OverrideReason}",
        }.Where(part => part is not null)),
        TravelBooked { Booking: { } b } => $"{b.Carrier} {b.Itinerary} on {b.DepartureDate:yyyy-MM-dd} to {b.Destination}",
        CaseClosed e => e.Reason,
        CaseWithdrawn e => e.Reason,
        CasePutOnHold e => e.Reason,
        CaseReopened e => e.Reason,
        ReferralProgressed e => $"{e.ReferralId} ({e.Kind}) {e.Status}{(e.Overdue ? ", overdue" : "")}{(e.Reason is null ? "" : $": {e.Reason}")}",
        PossibleDuplicateFound e => $"possible duplicate of {e.OtherCaseNumber}",
        EmergencyAccessGranted e => $"emergency access for {e.By} of {e.Office} until {e.Until:yyyy-MM-dd HH:mm} UTC: {e.Reason}",
        PersonalDataErased e => $"personal data erased: {e.Reason}",
        CaseEscalated e => $"escalated to {e.Level}{(e.ReferralId is null ? "" : $" ({e.ReferralId})")}{(e.Reason is null ? "" : $": {e.Reason}")}",
        SubscriberNotified e => $"{e.Subscriber} notified{(e.Reason is null ? "" : $": {e.Reason}")}",
        CaseFlaggedForReview e => e.Reason,
        _ => null,
    };
}
