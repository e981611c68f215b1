using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Api.Tests;

/// <summary>
/// A subscriber that is down for a while is retried with back-off, and when it comes back gets the
/// backlog, in each case's order; administrators see every attempt.
/// </summary>
[Collection(AutomationCollection.Name)]
public sealed class WebhookBacklogTests(AutomationFixture fixture)
{
    [Fact]
    public async Task A_subscriber_back_from_an_outage_gets_the_backlog_in_order_and_the_attempts_are_listed()
    {
        var (subscription, _) = await fixture.SubscribeAsync("backlog", ["*"], offices: ["CJS"]);
        var driver = new CaseDriver(fixture.Grains);
        fixture.Receiver.TakeDown("backlog");

        var first = await driver.RegisterAsync(Registrations.Valid(), "CJS");
        var second = await driver.RegisterAsync(Registrations.Valid(), "CJS");
        foreach (var registered in new[] { first, second })
        {
            await driver.Case(registered).RecordCounsellingAsync(Staff.Caseworker("CJS"), null);
            await driver.Case(registered).PutOnHoldAsync(Staff.Caseworker("CJS"), "medical treatment");
            await driver.Case(registered).ResumeAsync(Staff.Caseworker("CJS"));
        }
        await fixture.Receiver.WaitUntilAsync(r => r.RefusedBy("backlog") >= 4, "the subscriber to be tried (and refuse) at least four times while down");
        fixture.Receiver.BringBack("backlog");

        var numbers = new[] { first.CaseNumber.ToString(), second.CaseNumber.ToString() };
        await fixture.Grains.WaitForEventLogAsync();
        var expected = await fixture.EventsOfAsync(numbers);
        await fixture.Receiver.WaitUntilAsync(r => expected.IsSubsetOf(r.Of("backlog").Select(w => (w.StreamId, w.Version))), "the whole backlog");

        foreach (var number in numbers)
        {
            var ofCase = fixture.Receiver.Of("backlog").OfCase(number);
            Assert.Equal([1, 2, 3, 4], ofCase.Select(w => w.Version));
            Assert.All(ofCase, w => Assert.True(w.SignatureValid));
        }
        var oldest = (await fixture.DeliveriesAsync(subscription)).First(d => d!["caseNumber"]!.GetValue<string>() == numbers[0])!;
        var attempts = oldest["attempts"]!.AsArray();
        Assert.Equal("Delivered", oldest["status"]!.GetValue<string>());
        Assert.True(attempts.Count >= 2, $"the first delivery was tried while the subscriber was down: {oldest.ToJsonString()}");
        Assert.Equal(503, attempts[0]!["statusCode"]!.GetValue<int>());
        Assert.Equal(204, attempts[^1]!["statusCode"]!.GetValue<int>());
        Assert.Equal(attempts.Select((_, i) => i + 1), attempts.Select(a => a!["attempt"]!.GetValue<int>()));
    }
}
