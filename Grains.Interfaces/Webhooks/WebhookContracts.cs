namespace Coordination.Grains.Interfaces.Webhooks;

/// <summary>What an administrator asks for when subscribing an outside system to events.</summary>
/// <param name="Url">Where events are POSTed; its host must be on the silo's allow-list.</param>
/// <param name="EventTypes">Event names (e.g. <c>ConsentRecorded</c>, <c>ReferralAccepted</c>, <c>notification.travel-desk</c>), or <c>*</c> for all.</param>
/// <param name="Offices">Only events of cases at these offices; empty for every office.</param>
/// <param name="PersonalData">Granted: payloads carry the migrant's personal fields (names, documents, reasons).</param>
/// <param name="Recipient">The authority the subscriber is (e.g. <c>CONS-HND</c>); a consulate never receives vulnerabilities.</param>
/// <param name="Description">What the subscriber is, in words.</param>
[GenerateSerializer, Immutable, Alias("Coordination.WebhookSubscriptionRequest")]
public sealed record WebhookSubscriptionRequest(
    [property: Id(0)] string Url,
    [property: Id(1)] IReadOnlyList<string> EventTypes,
    [property: Id(2)] IReadOnlyList<string> Offices,
    [property: Id(3)] bool PersonalData,
    [property: Id(4)] string? Recipient,
    [property: Id(5)] string? Description);

/// <summary>A subscription as administrators see it (never its secret).</summary>
[GenerateSerializer, Immutable, Alias("Coordination.WebhookSubscription")]
public sealed record WebhookSubscription(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyList<string> EventTypes,
    [property: Id(3)] IReadOnlyList<string> Offices,
    [property: Id(4)] bool PersonalData,
    [property: Id(5)] string? Recipient,
    [property: Id(6)] string? Description,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] string CreatedBy,
    [property: Id(9)] DateTimeOffset? PreviousSecretValidUntil,
    [property: Id(10)] int Pending,
    [property: Id(11)] int Delivered,
    [property: Id(12)] int Dead);

/// <summary>
/// The answer to creating a subscription or rotating its secret: the subscription and, once, its new
/// secret (<c>whsec_</c> and base64), or the fields that were refused.
/// </summary>
[GenerateSerializer, Immutable, Alias("Coordination.WebhookSubscriptionChange")]
public sealed record WebhookSubscriptionChange(
    [property: Id(0)] WebhookSubscription? Subscription,
    [property: Id(1)] string? Secret,
    [property: Id(2)] IReadOnlyDictionary<string, string[]>? Errors);

/// <summary>Where a delivery stands.</summary>
public enum WebhookDeliveryStatus
{
    /// <summary>Not yet acknowledged by the subscriber; retried with back-off.</summary>
    Pending = 0,

    /// <summary>The subscriber answered 2xx.</summary>
    Delivered = 1,

    /// <summary>Given up after the configured time; an administrator may replay it.</summary>
    Dead = 2,
}

/// <summary>One HTTP attempt of a delivery.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.WebhookAttempt")]
public sealed record WebhookAttempt(
    [property: Id(0)] int Attempt,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] int? StatusCode,
    [property: Id(3)] string? Error,
    [property: Id(4)] int DurationMs);

/// <summary>
/// One event on its way to one subscriber, with its attempts. Its <c>MessageId</c> is the
/// <c>webhook-id</c> header: the same for every attempt and replay, so the subscriber can drop repeats.
/// </summary>
[GenerateSerializer, Immutable, Alias("Coordination.WebhookDelivery")]
public sealed record WebhookDelivery(
    [property: Id(0)] long Id,
    [property: Id(1)] Guid SubscriptionId,
    [property: Id(2)] string MessageId,
    [property: Id(3)] string EventType,
    [property: Id(4)] string StreamId,
    [property: Id(5)] string? CaseNumber,
    [property: Id(6)] WebhookDeliveryStatus Status,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset NextAttemptAt,
    [property: Id(9)] DateTimeOffset? DeliveredAt,
    [property: Id(10)] string? LastError,
    [property: Id(11)] IReadOnlyList<WebhookAttempt> Attempts);
