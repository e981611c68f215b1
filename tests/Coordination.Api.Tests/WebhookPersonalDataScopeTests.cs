using System.Collections.Immutable;
using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Api.Tests;

/// <summary>
/// A payload carries only what its subscription's scope allows: no personal data without the grant,
/// and never vulnerabilities to a consulate, even with the grant.
/// </summary>
[Collection(AutomationCollection.Name)]
public sealed class WebhookPersonalDataScopeTests(AutomationFixture fixture)
{
    [Fact]
    public async Task Without_the_personal_data_grant_no_name_is_received_and_a_consulate_never_receives_vulnerabilities()
    {
        await fixture.SubscribeAsync("shelter-app", ["CaseRegistered", "CasePutOnHold"], offices: ["MEX"]);
        await fixture.SubscribeAsync("case-system", ["CaseRegistered", "CasePutOnHold"], offices: ["MEX"], personalData: true);
        await fixture.SubscribeAsync("consulate", ["CaseRegistered", "CasePutOnHold"], offices: ["MEX"], personalData: true, recipient: "CONS-GTM");
        var driver = new CaseDriver(fixture.Grains);
        var name = $"Xochitl{Guid.NewGuid():N}"[..20];
        var registered = await driver.RegisterAsync(Registrations.UnaccompaniedMinor() with
        {
            GivenNames = name,
            Vulnerabilities = ImmutableArray.Create(VulnerabilityFlag.UnaccompaniedMinor, VulnerabilityFlag.TraffickingVictim),
        }, "MEX");
        await driver.Case(registered).PutOnHoldAsync(Staff.Caseworker("MEX"), $"{name} in hospital");
        var number = registered.CaseNumber.ToString();

        foreach (var subscriber in new[] { "shelter-app", "case-system", "consulate" })
        {
            await fixture.Receiver.WaitUntilAsync(r => r.Of(subscriber).OfCase(number).Count == 2, $"{subscriber} to get the registration and the hold of {number}");
        }

        var plain = fixture.Receiver.Of("shelter-app").OfCase(number);
        Assert.All(plain, w => Assert.DoesNotContain(name, w.Body, StringComparison.Ordinal));
        Assert.All(plain, w => Assert.DoesNotContain("TraffickingVictim", w.Body, StringComparison.Ordinal));
        Assert.All(plain, w => Assert.False(w.Payload["data"]!["personalDataIncluded"]!.GetValue<bool>()));
        Assert.Equal("MEX", plain[0].Payload["data"]!["state"]!["officeCode"]!.GetValue<string>());

        var granted = fixture.Receiver.Of("case-system").OfCase(number);
        Assert.All(granted, w => Assert.Contains(name, w.Body, StringComparison.Ordinal));
        Assert.Contains("TraffickingVictim", granted[0].Body, StringComparison.Ordinal);

        var consulate = fixture.Receiver.Of("consulate").OfCase(number);
        Assert.All(consulate, w => Assert.Contains(name, w.Body, StringComparison.Ordinal));
        Assert.All(consulate, w => Assert.DoesNotContain("TraffickingVictim", w.Body, StringComparison.Ordinal));
        Assert.All(consulate, w => Assert.DoesNotContain("vulnerabilities", w.Body, StringComparison.OrdinalIgnoreCase));
    }
}
