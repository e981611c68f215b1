using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace Coordination.Api.Tests;

/// <summary>A webhook as a subscriber received it, and whether the reference verifier accepted its signature with the subscriber's secret.</summary>
public sealed record ReceivedWebhook(string Subscriber, string MessageId, string Body, JsonObject Payload, bool SignatureValid, string SignatureHeader)
{
    public string Type => Payload["type"]!.GetValue<string>();
    public string? CaseNumber => Payload["data"]!["caseNumber"]?.GetValue<string>();
    public string StreamId => Payload["data"]!["streamId"]!.GetValue<string>();
    public int Version => Payload["data"]!["version"]!.GetValue<int>();
}

/// <summary>
/// Outside systems subscribed to webhooks: a real HTTP listener on loopback with one path per
/// subscriber, each verifying every signature with the StandardWebhooks package's reference verifier
/// and its own secret. A subscriber can be taken down (it answers 503) and brought back. Tests wait
/// on what arrives (a signal per request), never by sleeping.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<ReceivedWebhook> _received = [];
    private readonly Dictionary<string, string[]> _secrets = [];
    private readonly HashSet<string> _down = [];
    private readonly Dictionary<string, int> _refused = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebhookReceiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/{subscriber}", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return receiver;
    }

    public string UrlOf(string subscriber) => $"{BaseUrl}/hooks/{subscriber}";

    /// <summary>The secrets a subscriber verifies with (the new and, during a rotation, the old).</summary>
    public void Trust(string subscriber, params string[] secrets)
    {
        lock (_lock)
        {
            _secrets[subscriber] = secrets;
        }
    }

    public void TakeDown(string subscriber)
    {
        lock (_lock)
        {
            _down.Add(subscriber);
        }
    }

    public void BringBack(string subscriber)
    {
        lock (_lock)
        {
            _down.Remove(subscriber);
        }
    }

    public IReadOnlyList<ReceivedWebhook> Of(string subscriber)
    {
        lock (_lock)
        {
            return [.. _received.Where(r => r.Subscriber == subscriber)];
        }
    }

    public int RefusedBy(string subscriber)
    {
        lock (_lock)
        {
            return _refused.GetValueOrDefault(subscriber);
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds (checked on every request that arrives).</summary>
    public async Task WaitUntilAsync(Func<WebhookReceiver, bool> done, string expected, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            Task next;
            lock (_lock)
            {
                next = _arrived.Task;
            }
            if (done(this))
            {
                return;
            }
            try
            {
                await next.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {expected} within {timeout ?? TimeSpan.FromSeconds(30)}.");
            }
        }
    }

    private async Task<IResult> ReceiveAsync(string subscriber, HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        try
        {
            lock (_lock)
            {
                if (_down.Contains(subscriber))
                {
                    _refused[subscriber] = _refused.GetValueOrDefault(subscriber) + 1;
                    return Results.StatusCode((int)HttpStatusCode.ServiceUnavailable);
                }
                var valid = _secrets.GetValueOrDefault(subscriber, []) is { Length: > 0 } secrets && secrets.All(secret => Verifies(secret, body, request.Headers));
                _received.Add(new ReceivedWebhook(subscriber, request.Headers["webhook-id"].ToString(), body, JsonNode.Parse(body)!.AsObject(), valid,
                    request.Headers["webhook-signature"].ToString()));
                return Results.NoContent();
            }
        }
        finally
        {
            TaskCompletionSource arrived;
            lock (_lock)
            {
                (arrived, _arrived) = (_arrived, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }
            arrived.SetResult();
        }
    }

    /// <summary>
    /// Whether one of the header's signatures verifies with <paramref name="secret"/>. Each signature
    /// is handed to the reference verifier on its own: StandardWebhooks 1.1.2 compares only the first
    /// of several space-separated signatures correctly (for the last it compares the whole header),
    /// so during a rotation it would refuse a correct signature under the older secret.
    /// </summary>
    private static bool Verifies(string secret, string body, IHeaderDictionary headers) =>
        headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(signature =>
        {
            var one = new HeaderDictionary
            {
                ["webhook-id"] = headers["webhook-id"],
                ["webhook-timestamp"] = headers["webhook-timestamp"],
                ["webhook-signature"] = signature,
            };
            try
            {
                new StandardWebhook(secret).Verify(body, one);
                return true;
            }
            catch (StandardWebhooks.Diagnostics.WebhookVerificationException)
            {
                return false;
            }
        });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
