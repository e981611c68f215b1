namespace Coordination.Grains.Interfaces.Webhooks;

/// <summary>Administrators' management of webhook subscriptions and their deliveries. Stateless: any key.</summary>
public interface IWebhookSubscriptionsGrain : IGrainWithIntegerKey
{
    /// <summary>Subscribes an outside system; the answer carries its secret, which is never shown again.</summary>
    Task<WebhookSubscriptionChange> CreateAsync(WebhookSubscriptionRequest request, string createdBy);

    /// <summary>Every subscription not deleted, newest first.</summary>
    Task<IReadOnlyList<WebhookSubscription>> ListAsync();

    /// <summary>One subscription, or null.</summary>
    Task<WebhookSubscription?> GetAsync(Guid id);

    /// <summary>
    /// A new secret; the old one still signs every delivery (beside the new) for <paramref name="overlap"/>.
    /// Null when there is no such subscription.
    /// </summary>
    Task<WebhookSubscriptionChange?> RotateSecretAsync(Guid id, TimeSpan overlap);

    /// <summary>Stops deliveries to the subscription (its history stays). False when there is no such subscription.</summary>
    Task<bool> DeleteAsync(Guid id);

    /// <summary>The subscription's deliveries, newest first, optionally of one status, with their attempts.</summary>
    Task<IReadOnlyList<WebhookDelivery>?> DeliveriesAsync(Guid id, WebhookDeliveryStatus? status, int limit);

    /// <summary>Sends a dead (or failing) delivery again from now; null when there is no such delivery, false when it was delivered.</summary>
    Task<bool?> ReplayAsync(Guid id, long deliveryId);
}
