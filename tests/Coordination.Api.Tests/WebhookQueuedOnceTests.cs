namespace Coordination.Api.Tests;

/// <summary>
/// The webhooks projection queues each event once per subscription, also when it reads the events
/// again because its checkpoint could not be recorded; so the subscriber gets each event once.
/// </summary>
[Collection(AutomationCollection.Name)]
public sealed class WebhookQueuedOnceTests(AutomationFixture fixture)
{
    [Fact]
    public async Task Events_read_again_by_the_webhooks_projection_are_queued_and_sent_once()
    {
        var (subscription, _) = await fixture.SubscribeAsync("read-twice", ["CaseRegistered", "CounsellingRecorded"], offices: ["MEX"]);
        var faults = new FaultInjection(fixture.Database);
        var driver = new CaseDriver(fixture.Grains);
        var numbers = new List<string>();
        await using (var fault = await faults.FailCheckpointsAsync("webhooks", times: 3))
        {
            for (var i = 0; i < 3; i++)
            {
                var registered = await driver.RegisterAsync(Registrations.Valid(), "MEX");
                await driver.Case(registered).RecordCounsellingAsync(Staff.Caseworker("MEX"), null);
                numbers.Add(registered.CaseNumber.ToString());
            }
            await fixture.Grains.WaitForEventLogAsync();
            Assert.True(await faults.SeenAsync(fault) >= 4, "the webhooks projection queued the events three times without recording its checkpoint");
        }

        await fixture.Receiver.WaitUntilAsync(r => numbers.All(n => r.Of("read-twice").Count(w => w.CaseNumber == n) >= 2), "two events of each case");
        foreach (var number in numbers)
        {
            Assert.Equal(2, (await fixture.QueuedAsync(subscription, number)).Count);
            Assert.Equal(["CaseRegistered", "CounsellingRecorded"], fixture.Receiver.Of("read-twice").Where(w => w.CaseNumber == number).Select(w => w.Type));
        }
    }
}
