using System.Net;
using System.Text.Json.Nodes;

namespace Coordination.Api.Tests;

/// <summary>
/// A rotated secret is shown once; during the overlap every delivery carries a signature under the
/// new secret and one under the old, so subscribers can switch at their own pace.
/// </summary>
[Collection(AutomationCollection.Name)]
public sealed class WebhookSecretRotationTests(AutomationFixture fixture)
{
    [Fact]
    public async Task During_the_overlap_deliveries_verify_with_the_old_secret_and_with_the_new()
    {
        var (subscription, old) = await fixture.SubscribeAsync("rotating", ["CaseRegistered"], offices: ["ACA"]);
        var response = await fixture.Administrator.PostAsync($"/admin/webhooks/{subscription}/secret-rotation", new JsonObject { ["overlapHours"] = 2 }.Content());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rotated = await response.BodyAsync();
        var fresh = rotated["secret"]!.GetValue<string>();
        Assert.NotEqual(old, fresh);
        Assert.StartsWith("whsec_", fresh, StringComparison.Ordinal);
        Assert.NotNull(rotated["subscription"]!["previousSecretValidUntil"]);
        fixture.Receiver.Trust("rotating", old, fresh);

        var registered = await new CaseDriver(fixture.Grains).RegisterAsync(Registrations.Valid(), "ACA");
        var number = registered.CaseNumber.ToString();
        await fixture.Receiver.WaitUntilAsync(r => r.Of("rotating").OfCase(number).Count == 1, $"the registration of {number}");

        var delivered = fixture.Receiver.Of("rotating").OfCase(number).Single();
        Assert.Equal(2, delivered.SignatureHeader.Split(' ').Length);
        Assert.True(delivered.SignatureValid, "the delivery verifies with the old secret and with the new one");
        var shown = await (await fixture.Administrator.GetAsync($"/admin/webhooks/{subscription}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(old[6..], shown, StringComparison.Ordinal);
        Assert.DoesNotContain(fresh[6..], shown, StringComparison.Ordinal);
    }
}
