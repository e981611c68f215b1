using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Api.Tests;

/// <summary>
/// A subscriber gets every event of the cases it subscribed to (their referrals' too), each signed
/// as Standard Webhooks says (checked by the reference verifier), in the order of each case.
/// </summary>
[Collection(AutomationCollection.Name)]
public sealed class WebhookDeliveryOrderTests(AutomationFixture fixture)
{
    [Fact]
    public async Task Every_event_of_interleaved_cases_arrives_signed_and_in_each_cases_order()
    {
        var (subscription, _) = await fixture.SubscribeAsync("order", ["*"], offices: ["TUX"]);
        var driver = new CaseDriver(fixture.Grains);

        var cases = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => driver.RegisterAsync(Registrations.Valid(), "TUX")));
        foreach (var step in new Func<ICaseGrain, Task>[]
        {
            c => c.RecordCounsellingAsync(Staff.Caseworker("TUX"), "information session"),
            c => c.RecordScreeningAsync(Staff.Caseworker("TUX"), true, null),
            c => c.RecordConsentAsync(Staff.Caseworker("TUX")),
            c => c.RequestExitClearanceAsync(Staff.Caseworker("TUX"), ReferralConsent.Granted),
        })
        {
            await Task.WhenAll(cases.Select(c => step(driver.Case(c))));
        }
        await Task.WhenAll(cases.Select(async c =>
        {
            var referral = CaseDriver.OpenReferral((await driver.Case(c).GetAsync())!, ReferralKind.ExitClearance);
            await driver.Referral(referral).AcceptAsync(Staff.Liaison("INM"));
        }));
        await fixture.Grains.WaitForEventLogAsync();
        var numbers = cases.Select(c => c.CaseNumber.ToString()).ToList();
        var expected = await fixture.EventsOfAsync(numbers);

        await fixture.Receiver.WaitUntilAsync(r => expected.IsSubsetOf(r.Of("order").Select(w => (w.StreamId, w.Version))),
            $"all {expected.Count} events of {string.Join(", ", numbers)}");

        var received = fixture.Receiver.Of("order");
        // Nothing failed, so nothing was sent twice, although both silos' dispatchers looked for the subscription's deliveries.
        Assert.Equal(received.Count, received.Select(w => w.MessageId).Distinct().Count());
        Assert.All(received, w => Assert.True(w.SignatureValid, $"{w.MessageId} failed the reference verifier: {w.SignatureHeader}"));
        foreach (var number in numbers)
        {
            var ofCase = received.OfCase(number);
            // Rules may still be adding events to the case (and the queue) after the wait: what arrived is the queue's beginning.
            var queued = await fixture.QueuedAsync(subscription, number);
            Assert.Equal(queued.Take(ofCase.Count), ofCase.Select(w => w.Payload["data"]!["eventId"]!.GetValue<string>()));
            foreach (var stream in ofCase.GroupBy(w => w.StreamId))
            {
                Assert.Equal(stream.Select(w => w.Version).Order(), stream.Select(w => w.Version));
            }
            Assert.Contains(ofCase, w => w.Type == "ReferralAccepted" && w.StreamId != number);
        }
    }
}
