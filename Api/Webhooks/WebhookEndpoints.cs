using Coordination.Api.Hosting;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.Offices;
using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using Coordination.Api.Audit;
using Coordination.Api.Problems;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Api.Webhooks;

/// <summary>
/// Webhook subscriptions (administrators): outside systems that receive case and referral events as
/// Standard Webhooks, their secrets, and each delivery's attempts, with replay of failed ones.
/// </summary>
public static class WebhookEndpoints
{
    private const int DefaultOverlapHours = 24;
    private const int MaxOverlapHours = WebhookInputRules.MaxOverlapHours;

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var webhooks = routes.MapGroup("/admin/webhooks").WithTags("Webhooks").RequireCaller().RequireAuthorization(Policies.Administrator);

        webhooks.MapPost("", Subscribe)
            .Audited("webhook")
            .WithName("CreateWebhookSubscription")
            .WithSummary("Subscribe an outside system to events; the answer shows its signing secret, once")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        webhooks.MapGet("", List)
            .WithName("ListWebhookSubscriptions")
            .WithSummary("Every webhook subscription with its delivery counts (never a secret)")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        webhooks.MapGet("/{id}", Get)
            .WithName("GetWebhookSubscription")
            .WithSummary("One webhook subscription")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapDelete("/{id}", Delete)
            .Audited("webhook", "id")
            .WithName("DeleteWebhookSubscription")
            .WithSummary("Stop sending events to a subscriber (its deliveries stay visible)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapPost("/{id}/secret-rotation", RotateSecret)
            .Audited("webhook", "id")
            .WithName("RotateWebhookSecret")
            .WithSummary("A new signing secret, shown once; the old one keeps signing beside it for the overlap (24 hours unless said)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapGet("/{id}/deliveries", Deliveries)
            .WithName("ListWebhookDeliveries")
            .WithSummary("A subscription's deliveries, newest first, with every attempt (status=Pending, Delivered or Dead)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapPost("/{id}/deliveries/{deliveryId}/replay", Replay)
            .Audited("webhook", "id")
            .WithName("ReplayWebhookDelivery")
            .WithSummary("Send a dead or failing delivery again now (after the case's earlier pending ones)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static IWebhookSubscriptionsGrain Subscriptions(IGrainFactory grains) => grains.GetGrain<IWebhookSubscriptionsGrain>(0);

    internal static async Task<Results<Created<WebhookSecretResponse>, ValidationProblem>> Subscribe(
        CreateWebhookSubscriptionRequest? body, Caller caller, IGrainFactory grains)
    {
        var missing = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body?.Url))
        {
            missing["url"] = ["The subscriber's URL is required."];
        }
        if (body?.EventTypes is null || body.EventTypes.Count == 0)
        {
            missing["eventTypes"] = ["At least one event type is required, e.g. ConsentRecorded, or * for all."];
        }
        if (missing.Count > 0)
        {
            return ProblemResults.Invalid(missing);
        }
        var change = await Subscriptions(grains).CreateAsync(new WebhookSubscriptionRequest(body!.Url!, body.EventTypes!, body.Offices ?? [],
            body.PersonalData ?? false, string.IsNullOrWhiteSpace(body.Recipient) ? null : body.Recipient.Trim(), body.Description), caller.Name);
        return change.Errors is { } errors
            ? ProblemResults.Invalid(errors)
            : TypedResults.Created($"/admin/webhooks/{change.Subscription!.Id}", new WebhookSecretResponse(change.Subscription, change.Secret!));
    }

    internal static async Task<Ok<IReadOnlyList<WebhookSubscription>>> List(IGrainFactory grains) =>
        TypedResults.Ok(await Subscriptions(grains).ListAsync());

    internal static async Task<Results<Ok<WebhookSubscription>, ProblemHttpResult>> Get(string id, IGrainFactory grains) =>
        Guid.TryParse(id, out var key) && await Subscriptions(grains).GetAsync(key) is { } found ? TypedResults.Ok(found) : NotFound();

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, IGrainFactory grains) =>
        Guid.TryParse(id, out var key) && await Subscriptions(grains).DeleteAsync(key) ? TypedResults.NoContent() : NotFound();

    internal static async Task<Results<Ok<WebhookSecretResponse>, ValidationProblem, ProblemHttpResult>> RotateSecret(
        string id, SecretRotationRequest? body, IGrainFactory grains)
    {
        if (!Guid.TryParse(id, out var key))
        {
            return NotFound();
        }
        if (body?.OverlapHours is < 0 or > MaxOverlapHours)
        {
            return ProblemResults.Invalid(new Dictionary<string, string[]> { ["overlapHours"] = [$"The overlap is between 0 and {MaxOverlapHours} hours."] });
        }
        var change = await Subscriptions(grains).RotateSecretAsync(key, TimeSpan.FromHours(body?.OverlapHours ?? DefaultOverlapHours));
        return change switch
        {
            null => NotFound(),
            { Errors: { } errors } => ProblemResults.Invalid(errors),
            _ => TypedResults.Ok(new WebhookSecretResponse(change.Subscription!, change.Secret!)),
        };
    }

    internal static async Task<Results<Ok<IReadOnlyList<WebhookDelivery>>, ValidationProblem, ProblemHttpResult>> Deliveries(
        string id, IGrainFactory grains,
        [Description("Pending, Delivered or Dead.")] string? status,
        [Description("At most this many (1-500, default 100).")] int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        WebhookDeliveryStatus? wanted = null;
        if (status is not null)
        {
            if (Enum.TryParse<WebhookDeliveryStatus>(status, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(status[0]))
            {
                wanted = parsed;
            }
            else
            {
                errors["status"] = ["The status is Pending, Delivered or Dead."];
            }
        }
        if (limit is < 1 or > 500)
        {
            errors["limit"] = ["The limit is between 1 and 500."];
        }
        if (errors.Count > 0)
        {
            return ProblemResults.Invalid(errors);
        }
        return Guid.TryParse(id, out var key) && await Subscriptions(grains).DeliveriesAsync(key, wanted, limit ?? 100) is { } deliveries
            ? TypedResults.Ok(deliveries)
            : NotFound();
    }

    internal static async Task<Results<Accepted, ProblemHttpResult>> Replay(string id, string deliveryId, IGrainFactory grains)
    {
        if (!Guid.TryParse(id, out var key) || !long.TryParse(deliveryId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var delivery))
        {
            return NotFound();
        }
        return await Subscriptions(grains).ReplayAsync(key, delivery) switch
        {
            null => ProblemResults.NotFound("Delivery not found.", $"The subscription has no delivery {delivery}."),
            false => TypedResults.Problem(title: "Already delivered.", detail: $"Delivery {delivery} was acknowledged by the subscriber; there is nothing to replay.",
                statusCode: StatusCodes.Status409Conflict),
            true => TypedResults.Accepted($"/admin/webhooks/{key}/deliveries"),
        };
    }

    private static ProblemHttpResult NotFound() => ProblemResults.NotFound("Webhook subscription not found.", "There is no such webhook subscription.");

    /// <summary>Subscribes an outside system.</summary>
    public sealed record CreateWebhookSubscriptionRequest(
        [property: Description("Where events are POSTed: https, at most 2,000 characters, its host on the allow-list.")]
        [property: Required, RegularExpression(WebhookInputRules.UrlPattern)] string? Url,
        [property: Description("Event names (ConsentRecorded, ReferralAccepted, notification.travel-desk...) or * for all.")]
        [property: Required, MinLength(1), MaxLength(WebhookInputRules.MaxEventTypes), ItemPattern(WebhookInputRules.EventTypePattern)] IReadOnlyList<string>? EventTypes,
        [property: Description("Only events of cases at these offices; none for every office.")]
        [property: ItemPattern(OfficeCodes.Pattern)] IReadOnlyList<string>? Offices = null,
        [property: Description("Payloads carry the migrant's personal fields. Default false.")] bool? PersonalData = null,
        [property: Description("The authority the subscriber is (e.g. CONS-HND): a consulate never receives vulnerabilities.")]
        [property: RegularExpression(AuthorityCodes.Pattern)] string? Recipient = null,
        [property: Description("Who the subscriber is, in words.")]
        [property: MaxLength(TextRules.MaxShortText), RegularExpression(TextRules.ShortTextPattern)] string? Description = null);

    /// <summary>Rotates a subscription's secret.</summary>
    public sealed record SecretRotationRequest(
        [property: Description("How long the old secret keeps signing beside the new one (default 24).")]
        [property: Range(0, WebhookInputRules.MaxOverlapHours)] int? OverlapHours);

    /// <summary>A subscription and its new secret, shown only in this answer.</summary>
    public sealed record WebhookSecretResponse(WebhookSubscription Subscription, [property: Description("whsec_ and base64: verify webhook-signature with it.")] string Secret);
}
