namespace Coordination.Grains.Interfaces.Webhooks;

/// <summary>The shapes a webhook subscription's fields must have (ECMA-262 patterns, declared in the OpenAPI document).</summary>
public static class WebhookInputRules
{
    /// <summary>The longest subscriber URL.</summary>
    public const int MaxUrlLength = 2000;

    /// <summary>The most event types one subscription names.</summary>
    public const int MaxEventTypes = 100;

    /// <summary>An absolute http(s) URL without credentials; the host must also be on the allow-list.</summary>
    public const string UrlPattern = "^[hH][tT][tT][pP][sS]?://[^\\s/?#@]+(/[^\\s]*)?$";

    /// <summary>* for all, a case or referral event's name, or notification.&lt;subscriber&gt; (the name must also be a known event).</summary>
    public const string EventTypePattern = "^(\\*|[A-Z][A-Za-z]{2,63}|notification\\.[a-z0-9][a-z0-9-]{0,63})$";

    /// <summary>How long the old secret may keep signing beside the new one (a week; the silo's Coordination:Webhooks:MaxRotationOverlap may only shorten it).</summary>
    public const int MaxOverlapHours = 24 * 7;
}
