using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Coordination.Grains.Cases;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Referrals;

namespace Coordination.Grains.Webhooks;

/// <summary>
/// The event types subscribers name: every case and referral event by its name, and
/// <c>notification.&lt;subscriber&gt;</c> for what rules tell a named subscriber.
/// </summary>
public static partial class WebhookEventTypes
{
    public const string All = "*";
    public const string NotificationPrefix = "notification.";

    public static readonly IReadOnlySet<string> Names = typeof(CaseEvent).GetCustomAttributes<JsonDerivedTypeAttribute>()
        .Concat(typeof(ReferralEvent).GetCustomAttributes<JsonDerivedTypeAttribute>())
        .Select(a => (string)a.TypeDiscriminator!).ToHashSet(StringComparer.Ordinal);

    public static bool IsKnown(string type) => type == All || Names.Contains(type) || NotificationPattern().IsMatch(type);

    /// <summary>The type under which subscribers receive an event.</summary>
    public static string Of(RecordedEvent recorded) => recorded.Event is SubscriberNotified notified
        ? NotificationPrefix + notified.Subscriber
        : recorded.Event.GetType().Name;

    /// <summary>The case an event is about (a referral's case, if it has one), and the office it is at.</summary>
    public static (string? CaseNumber, string? Office) Scope(RecordedEvent recorded) => recorded.Event switch
    {
        CaseEvent => (recorded.StreamId, recorded.Metadata.SummaryAs<CaseSummary>()?.OfficeCode),
        ReferralEvent when recorded.Metadata.SummaryAs<ReferralSummary>() is { } summary =>
            (summary.CaseNumber, summary.Kind == Interfaces.Referrals.ReferralKind.Intake || summary.Kind == Interfaces.Referrals.ReferralKind.Transfer ? summary.To : summary.From),
        _ => (null, null),
    };

    [GeneratedRegex("^notification\\.[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex NotificationPattern();
}
