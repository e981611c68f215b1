using System.Net;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;
using Xunit.Abstractions;

namespace Coordination.Process.Tests;

/// <summary>
/// PostgreSQL stops under load and starts again: while it is down every request is answered 503
/// with Retry-After (never 500), readiness says why in words, nothing acknowledged is lost, and
/// the system serves again without a restart.
/// </summary>
public sealed class PostgresOutageTests(ITestOutputHelper output) : RunningSystemTest(silos: 1, apis: 1)
{
    [Fact]
    public async Task While_postgresql_is_down_every_answer_is_503_with_retry_after_and_nothing_acknowledged_is_lost()
    {
        var automation = Deployment.Client(0, StaffRole.Automation, office: "*");
        var cases = await automation.RegisterCasesAsync("TAP", 8);
        var workload = new Workload(automation, cases);
        using var stop = new CancellationTokenSource();
        var reads = ReadWhileRunningAsync(automation, cases, stop.Token);

        var running = workload.RunAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await Deployment.Postgres.StopAsync();
        var downAt = workload.Now;
        await Task.Delay(TimeSpan.FromSeconds(2));
        var readiness = await new HttpClient { BaseAddress = automation.BaseAddress }.GetAsync("/health/ready");
        var readinessText = await readiness.Content.ReadAsStringAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await Deployment.Postgres.StartAgainAsync();
        var upAt = workload.Now;
        await Task.Delay(TimeSpan.FromSeconds(6));
        await stop.CancelAsync();
        await running;
        var readAnswers = await reads;

        var answers = workload.Answers.ToList();
        var recovered = answers.Where(a => a.At > upAt && a.Status is { } s && (int)s < 300).Select(a => a.At - upAt).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        output.WriteLine($"While down: {answers.Count(a => a.At > downAt && a.At < upAt)} changes tried, " +
            $"{answers.Count(a => a.At > downAt && a.At < upAt && a.Status == HttpStatusCode.ServiceUnavailable)} answered 503; " +
            $"first change acknowledged {recovered.TotalSeconds:F1} s after PostgreSQL was back; readiness while down: {readinessText}");

        if (answers.Concat(readAnswers).Any(a => a.Status is { } failed && (int)failed >= 500 && failed != HttpStatusCode.ServiceUnavailable))
        {
            output.WriteLine($"What the API wrote:\n{Deployment.Apis[0].Output}");
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
        Assert.Contains("PostgreSQL does not answer:", readinessText);
        Assert.Contains("membership table", readinessText);
        Assert.DoesNotContain(answers.Concat(readAnswers), a => a.Status is { } s && (int)s >= 500 && s != HttpStatusCode.ServiceUnavailable);
        Assert.Contains(answers, a => a.At > downAt && a.At < upAt && a.Status == HttpStatusCode.ServiceUnavailable);
        Assert.All(answers.Concat(readAnswers).Where(a => a.Status == HttpStatusCode.ServiceUnavailable), a => Assert.True(a.HasRetryAfter, "a 503 without Retry-After"));
        Assert.True(recovered < TimeSpan.FromSeconds(6), "changes were not acknowledged again after PostgreSQL came back");

        await Deployment.Client(0, StaffRole.Operations).WaitForReadModelsAsync();
        for (var i = 0; i < cases.Count; i++)
        {
            var changes = JsonNode.Parse(await automation.GetStringAsync($"/cases/{cases[i]}/history"))!.AsArray()
                .Select(h => h!["event"]!.GetValue<string>()).Count(e => e is "CasePutOnHold" or "CaseResumed");
            Assert.Equal(workload.Acknowledged[i], changes);
        }
    }

    /// <summary>Reads the cases and registers new ones all along: these answers too must be 2xx or 503, never 500.</summary>
    private static async Task<List<(TimeSpan At, int Client, HttpStatusCode? Status, bool HasRetryAfter)>> ReadWhileRunningAsync(
        HttpClient http, IReadOnlyList<string> cases, CancellationToken stop)
    {
        var answers = new List<(TimeSpan, int, HttpStatusCode?, bool)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            using var request = i % 3 == 2
                ? new HttpRequestMessage(HttpMethod.Post, "/cases") { Content = Http.Registration("TAP", Guid.NewGuid().ToString("N")).Json() }
                : new HttpRequestMessage(HttpMethod.Get, i % 3 == 0 ? $"/cases/{cases[i % cases.Count]}" : "/cases?office=TAP");
            try
            {
                using var response = await http.SendAsync(request, CancellationToken.None);
                answers.Add((clock.Elapsed, -1, response.StatusCode, response.Headers.RetryAfter is not null));
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(50, CancellationToken.None);
        }
        return answers;
    }
}
