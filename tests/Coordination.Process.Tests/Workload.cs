using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Coordination.Process.Tests;

/// <summary>
/// Clients that keep holding and resuming their own case, each change sent with an Idempotency-Key
/// and retried with the same key until it is answered, as an automated workflow would. Every
/// answer is recorded.
/// </summary>
public sealed class Workload(HttpClient http, IReadOnlyList<string> cases)
{
    private readonly ConcurrentQueue<(TimeSpan At, int Client, HttpStatusCode? Status, bool HasRetryAfter)> _answers = new();
    private readonly int[] _acknowledged = new int[cases.Count];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public IReadOnlyCollection<(TimeSpan At, int Client, HttpStatusCode? Status, bool HasRetryAfter)> Answers => _answers;

    /// <summary>How many changes of each case were acknowledged (2xx).</summary>
    public IReadOnlyList<int> Acknowledged => _acknowledged;

    public TimeSpan Now => _clock.Elapsed;

    public Task RunAsync(CancellationToken stop) => Task.WhenAll(cases.Select((caseNumber, client) => Task.Run(async () =>
    {
        var onHold = false;
        while (!stop.IsCancellationRequested)
        {
            var key = Guid.NewGuid().ToString("N");
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, onHold ? $"/cases/{caseNumber}/resumption" : $"/cases/{caseNumber}/hold")
                {
                    Content = onHold ? null : new JsonObject { ["reason"] = "medical appointment" }.Json(),
                };
                request.Headers.Add("Idempotency-Key", key);
                HttpStatusCode? status = null;
                var retryAfter = false;
                try
                {
                    using var response = await http.SendAsync(request, CancellationToken.None);
                    status = response.StatusCode;
                    retryAfter = response.Headers.RetryAfter is not null;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }
                _answers.Enqueue((_clock.Elapsed, client, status, retryAfter));
                // 409 with Retry-After: an earlier attempt with this key is still being answered; ask again.
                if (status is { } answered && (int)answered < 500 && !(answered == HttpStatusCode.Conflict && retryAfter))
                {
                    if ((int)answered < 300)
                    {
                        onHold = !onHold;
                        Interlocked.Increment(ref _acknowledged[client]);
                    }
                    break;
                }
                // No answer, 503, or still in progress: the same change again, with the same key, a little later.
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }, CancellationToken.None)));
}
