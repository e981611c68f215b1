using System.Net;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;
using Xunit.Abstractions;

namespace Coordination.Process.Tests;

/// <summary>
/// One of two silos is killed (SIGKILL) while clients keep changing cases, retrying with their
/// Idempotency-Key: every acknowledged change is stored exactly once, and the API serves the cases
/// again within seconds.
/// </summary>
public sealed class SiloFailureTests(ITestOutputHelper output) : RunningSystemTest(silos: 2, apis: 1)
{
    [Fact]
    public async Task Killing_one_of_two_silos_under_a_stream_of_retried_transitions_stores_each_acknowledged_one_exactly_once()
    {
        var automation = Deployment.Client(0, StaffRole.Automation, office: "*");
        var cases = await automation.RegisterCasesAsync("ACA", 16);
        var workload = new Workload(automation, cases);
        using var stop = new CancellationTokenSource();

        var running = workload.RunAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var killedAt = workload.Now;
        Deployment.Silos[1].Kill();
        await Task.Delay(TimeSpan.FromSeconds(12));
        await stop.CancelAsync();
        await running;

        // The longest any client went without an acknowledged change across or after the kill: for
        // a case that lived on the killed silo, the time until it is served again from the other.
        var answers = workload.Answers.ToList();
        var outage = Enumerable.Range(0, cases.Count).Select(client =>
            {
                var acknowledged = answers.Where(a => a.Client == client && a.Status is { } s && (int)s < 300).Select(a => a.At).Order().ToList();
                return acknowledged.Zip(acknowledged.Skip(1), (before, after) => (before, after))
                    .Where(pair => pair.after > killedAt).Select(pair => pair.after - pair.before).DefaultIfEmpty(TimeSpan.MaxValue).Max();
            })
            .Max();
        output.WriteLine($"The longest a case went unserved across the kill: {outage.TotalSeconds:F1} s; {answers.Count(a => a.Status is null)} requests got no answer, " +
            $"{answers.Count(a => a.Status == HttpStatusCode.ServiceUnavailable)} got 503, {workload.Acknowledged.Sum()} changes were acknowledged.");
        Assert.True(outage < TimeSpan.FromSeconds(10), $"a case went unserved for {outage.TotalSeconds:F1} s after the kill");
        Assert.DoesNotContain(answers, a => a.Status is { } s && (int)s >= 500 && s != HttpStatusCode.ServiceUnavailable);
        Assert.All(answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable), a => Assert.True(a.HasRetryAfter, "a 503 without Retry-After"));

        // Exactly once: each case holds one hold or resumption per acknowledged change, alternating.
        await Deployment.Client(0, StaffRole.Operations).WaitForReadModelsAsync();
        for (var i = 0; i < cases.Count; i++)
        {
            var changes = JsonNode.Parse(await automation.GetStringAsync($"/cases/{cases[i]}/history"))!.AsArray()
                .Select(h => h!["event"]!.GetValue<string>()).Where(e => e is "CasePutOnHold" or "CaseResumed").ToList();
            Assert.Equal(workload.Acknowledged[i], changes.Count);
            Assert.Equal(Enumerable.Range(0, changes.Count).Select(n => n % 2 == 0 ? "CasePutOnHold" : "CaseResumed"), changes);
        }
    }
}
