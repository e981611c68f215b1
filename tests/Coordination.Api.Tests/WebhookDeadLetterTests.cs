using System.Net;

namespace Coordination.Api.Tests;

/// <summary>
/// A delivery that keeps failing is dead-lettered after the configured time (the case's later events
/// go on), and an administrator's replay sends it again.
/// </summary>
[Collection(AutomationCollection.Name)]
public sealed class WebhookDeadLetterTests(AutomationFixture fixture)
{
    [Fact]
    public async Task A_delivery_failing_past_the_configured_time_is_dead_and_a_replay_delivers_it()
    {
        var (subscription, _) = await fixture.SubscribeAsync("flaky", ["CaseRegistered"], offices: ["TAP"]);
        fixture.Receiver.TakeDown("flaky");
        var registered = await new CaseDriver(fixture.Grains).RegisterAsync(Registrations.Valid(), "TAP");
        var number = registered.CaseNumber.ToString();

        // The dispatcher's own clock decides when the delivery is dead: ask its administrators' view until it says so.
        var dead = await EventuallyAsync(async () => (await fixture.DeliveriesAsync(subscription, "Dead")).SingleOrDefault(), AutomationFixture.DeadLetterAfter * 5,
            $"the registration of {number} to be dead-lettered after {AutomationFixture.DeadLetterAfter}");
        Assert.Equal(number, dead["caseNumber"]!.GetValue<string>());
        Assert.All(dead["attempts"]!.AsArray(), a => Assert.Equal(503, a!["statusCode"]!.GetValue<int>()));
        Assert.Empty(fixture.Receiver.Of("flaky"));

        fixture.Receiver.BringBack("flaky");
        var replay = await fixture.Administrator.PostAsync($"/admin/webhooks/{subscription}/deliveries/{dead["id"]}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        await fixture.Receiver.WaitUntilAsync(r => r.Of("flaky").OfCase(number).Count == 1, "the replayed delivery");

        // Received, and then recorded as delivered by the dispatcher once the answer reached it.
        await EventuallyAsync(async () => (await fixture.DeliveriesAsync(subscription, "Delivered")).SingleOrDefault(), TimeSpan.FromSeconds(10), "the replay to be recorded as delivered");
        var again = await fixture.Administrator.PostAsync($"/admin/webhooks/{subscription}/deliveries/{dead["id"]}/replay", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string expected) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {expected} within {timeout}.");
            }
            await Task.Delay(100);
        }
    }
}
