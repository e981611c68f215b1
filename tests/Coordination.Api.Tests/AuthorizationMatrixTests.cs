using System.Net;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Tests;

/// <summary>
/// Every endpoint times every role, from the caller's own and another office or authority. The
/// records: a case of Acayucan (ACA) waiting for INM's exit clearance, and that referral. An
/// outcome is Pass when the request got past access control (2xx, or 400/409/412 about the
/// request itself), Forbidden (403), Hidden (404: the caller may not know it exists) or
/// Unauthenticated (401).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuthorizationMatrixTests(ApiFixture fixture)
{
    public enum Who
    {
        CaseworkerOwn, CaseworkerOther, SupervisorOwn, SupervisorOther, AutomationOwn, AutomationOther,
        LiaisonAddressed, LiaisonOther, Operations, Administrator, Anonymous,
    }

    public enum Outcome { Pass, Forbidden, Hidden, Unauthenticated }

    private static readonly Who[] Own = [Who.CaseworkerOwn, Who.SupervisorOwn, Who.AutomationOwn];
    private static readonly Who[] Other = [Who.CaseworkerOther, Who.SupervisorOther, Who.AutomationOther];

    /// <summary>Reading or working a case: its office (and offices it is being transferred to); a liaison who knows of it is refused.</summary>
    private static Outcome CaseRule(Who who) => who switch
    {
        _ when Own.Contains(who) => Outcome.Pass,
        _ when Other.Contains(who) => Outcome.Hidden,
        Who.LiaisonAddressed => Outcome.Forbidden,
        Who.LiaisonOther => Outcome.Hidden,
        Who.Anonymous => Outcome.Unauthenticated,
        _ => Outcome.Forbidden,
    };

    private static Outcome Only(Who who, params Who[] allowed) =>
        who == Who.Anonymous ? Outcome.Unauthenticated : allowed.Contains(who) ? Outcome.Pass : Outcome.Forbidden;

    /// <summary>Answering a referral: only its counterpart; its sender knows of it, others may not.</summary>
    private static Outcome AnswerRule(Who who) => who switch
    {
        Who.LiaisonAddressed => Outcome.Pass,
        _ when Own.Contains(who) => Outcome.Forbidden,
        Who.Operations or Who.Administrator => Outcome.Forbidden,
        Who.Anonymous => Outcome.Unauthenticated,
        _ => Outcome.Hidden,
    };

    private sealed record Endpoint(string Name, HttpMethod Method, Func<Records, string> Path, Func<JsonObject?> Body, Func<Who, Outcome> Rule);

    private sealed record Records(string CaseNumber, string ReferralId);

    private static readonly Guid NoSubscription = Guid.NewGuid();

    private static readonly Endpoint[] Endpoints =
    [
        new("read case", HttpMethod.Get, r => $"/cases/{r.CaseNumber}", () => null, CaseRule),
        new("case history", HttpMethod.Get, r => $"/cases/{r.CaseNumber}/history", () => null, CaseRule),
        new("register case", HttpMethod.Post, _ => "/cases", () => Json.RegistrationBody("ACA"), w => Only(w, Own)),
        new("counselling", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/counselling", () => new JsonObject(), CaseRule),
        new("screening", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/screening", () => new JsonObject { ["eligible"] = true }, CaseRule),
        new("risk assessment", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/risk-assessment", () => new JsonObject { ["level"] = "Low", ["summary"] = "none found" }, CaseRule),
        new("consent", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/consent", () => null, CaseRule),
        new("exit clearance", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/exit-clearance-request", () => new JsonObject { ["consentGiven"] = true }, CaseRule),
        new("travel document", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/travel-document-request", () => new JsonObject { ["consentGiven"] = true }, CaseRule),
        new("child protection", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/child-protection-referral", () => new JsonObject { ["consentGiven"] = true }, CaseRule),
        new("protection", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/protection-referral", () => new JsonObject { ["recipient"] = "CNDH", ["consentGiven"] = true }, CaseRule),
        new("transfer", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/transfer-request", () => new JsonObject { ["toOfficeCode"] = "MEX", ["reason"] = "airport" }, CaseRule),
        new("travel booking", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/travel-booking", () => new JsonObject { ["departureDate"] = "2030-01-01", ["carrier"] = "Aeromexico", ["destination"] = "Tegucigalpa" }, CaseRule),
        new("departure", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/departure", () => null, CaseRule),
        new("arrival", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/arrival", () => null, CaseRule),
        new("reintegration", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/reintegration", () => null, CaseRule),
        new("closure", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/closure", () => new JsonObject { ["reason"] = "done" }, CaseRule),
        new("withdrawal", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/withdrawal", () => new JsonObject { ["reason"] = "stays" }, CaseRule),
        new("hold", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/hold", () => new JsonObject { ["reason"] = "medical" }, CaseRule),
        new("resumption", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/resumption", () => null, CaseRule),
        new("reopening", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/reopening", () => new JsonObject { ["reason"] = "new facts" },
            w => w is Who.CaseworkerOwn or Who.AutomationOwn ? Outcome.Forbidden : CaseRule(w)),
        new("referral without consent", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/protection-referral", () => new JsonObject { ["recipient"] = "CNDH", ["consentGiven"] = false, ["overrideReason"] = "danger" },
            w => w is Who.CaseworkerOwn or Who.AutomationOwn ? Outcome.Forbidden : CaseRule(w)),
        new("read referral", HttpMethod.Get, r => $"/referrals/{r.ReferralId}", () => null,
            w => w == Who.LiaisonAddressed ? Outcome.Pass : CaseRule(w)),
        new("acknowledge referral", HttpMethod.Post, r => $"/referrals/{r.ReferralId}/acknowledgement", () => null, AnswerRule),
        new("accept referral", HttpMethod.Post, r => $"/referrals/{r.ReferralId}/acceptance", () => null, AnswerRule),
        new("decline referral", HttpMethod.Post, r => $"/referrals/{r.ReferralId}/decline", () => new JsonObject { ["reason"] = "incomplete file" }, AnswerRule),
        new("complete referral", HttpMethod.Post, r => $"/referrals/{r.ReferralId}/completion", () => null, AnswerRule),
        new("cancel referral", HttpMethod.Post, r => $"/referrals/{r.ReferralId}/cancellation", () => new JsonObject { ["reason"] = "sent by mistake" },
            w => w == Who.LiaisonAddressed ? Outcome.Forbidden : CaseRule(w)),
        new("send intake", HttpMethod.Post, _ => "/referrals/intakes", () => new JsonObject { ["officeCode"] = "ACA", ["migrant"] = Json.RegistrationBody(), ["consentGiven"] = true },
            w => Only(w, Who.LiaisonAddressed)),
        new("list offices", HttpMethod.Get, _ => "/offices", () => null, w => w == Who.Anonymous ? Outcome.Unauthenticated : Outcome.Pass),
        new("read office", HttpMethod.Get, _ => "/offices/ACA", () => null, w => w == Who.Anonymous ? Outcome.Unauthenticated : Outcome.Pass),
        new("office caseload", HttpMethod.Get, _ => "/offices/ACA/caseload", () => null, w => Only(w, [.. Own, Who.Operations, Who.Administrator])),
        new("office transfers", HttpMethod.Get, _ => "/offices/ACA/transfers", () => null, w => Only(w, [.. Own, Who.Operations, Who.Administrator])),
        new("list cases", HttpMethod.Get, _ => "/cases?office=ACA", () => null,
            w => w == Who.Anonymous ? Outcome.Unauthenticated : Own.Contains(w) ? Outcome.Pass : Outcome.Forbidden),
        new("audit of a case", HttpMethod.Get, r => $"/audit?recordId={r.CaseNumber}", () => null,
            w => w is Who.SupervisorOwn or Who.Administrator ? Outcome.Pass : w == Who.SupervisorOther ? Outcome.Hidden : Only(w)),
        new("event log status", HttpMethod.Get, _ => "/admin/event-log", () => null, w => Only(w, Who.Operations, Who.Administrator)),
        // An administrator gets past access control to learn that there is no such projection (rebuilding a real one
        // would empty a read model under the other tests of this collection; RebuildTests does that on its own database).
        new("rebuild a projection", HttpMethod.Post, _ => "/admin/projections/no-such-projection/rebuild", () => null,
            w => w == Who.Administrator ? Outcome.Hidden : Only(w)),
        new("rules in force", HttpMethod.Get, _ => "/admin/rules", () => null, w => Only(w, Who.Administrator)),
        new("rules dry run", HttpMethod.Get, r => $"/admin/rules/dry-run?caseNumber={r.CaseNumber}&event=ConsentRecorded", () => null, w => Only(w, Who.Administrator)),
        // Webhooks: an administrator gets past access control to a 400 (no host is allowed here) or a 404 (no such subscription).
        new("list webhook subscriptions", HttpMethod.Get, _ => "/admin/webhooks", () => null, w => Only(w, Who.Administrator)),
        new("create webhook subscription", HttpMethod.Post, _ => "/admin/webhooks",
            () => new JsonObject { ["url"] = "https://hooks.example.org/coordination", ["eventTypes"] = new JsonArray("ConsentRecorded") }, w => Only(w, Who.Administrator)),
        new("read webhook subscription", HttpMethod.Get, _ => $"/admin/webhooks/{NoSubscription}", () => null, w => w == Who.Administrator ? Outcome.Hidden : Only(w)),
        new("delete webhook subscription", HttpMethod.Delete, _ => $"/admin/webhooks/{NoSubscription}", () => null, w => w == Who.Administrator ? Outcome.Hidden : Only(w)),
        new("rotate webhook secret", HttpMethod.Post, _ => $"/admin/webhooks/{NoSubscription}/secret-rotation", () => new JsonObject(),
            w => w == Who.Administrator ? Outcome.Hidden : Only(w)),
        new("webhook deliveries", HttpMethod.Get, _ => $"/admin/webhooks/{NoSubscription}/deliveries", () => null, w => w == Who.Administrator ? Outcome.Hidden : Only(w)),
        new("replay webhook delivery", HttpMethod.Post, _ => $"/admin/webhooks/{NoSubscription}/deliveries/1/replay", () => null,
            w => w == Who.Administrator ? Outcome.Hidden : Only(w)),
        new("office capacity", HttpMethod.Put, _ => "/offices/ACA/capacity", () => new JsonObject { ["capacity"] = 150 }, w => Only(w, Who.Administrator)),
        new("authority inbox", HttpMethod.Get, _ => "/authorities/INM", () => null,
            w => w == Who.LiaisonOther ? Outcome.Hidden : Only(w, Who.LiaisonAddressed, Who.Operations, Who.Administrator)),
        new("break glass", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/emergency-access", () => new JsonObject { ["reason"] = "medical emergency" },
            w => Only(w, Who.SupervisorOwn, Who.SupervisorOther)),
        new("office emergency accesses", HttpMethod.Get, _ => "/offices/ACA/emergency-access", () => null, w => Only(w, Who.SupervisorOwn, Who.Administrator)),
        // The case is being worked: an administrator gets past access control to learn that it cannot be erased yet (409).
        new("erase case", HttpMethod.Post, r => $"/cases/{r.CaseNumber}/erasure", () => new JsonObject { ["reason"] = "the migrant's request" },
            w => Only(w, Who.Administrator)),
        new("retention", HttpMethod.Get, _ => "/admin/retention", () => null, w => Only(w, Who.Operations, Who.Administrator)),
        new("orleans dashboard", HttpMethod.Get, _ => "/dashboard/", () => null, w => Only(w, Who.Operations, Who.Administrator)),
        new("ops figures", HttpMethod.Get, _ => "/ops/figures?office=ACA", () => null, w => Only(w, Who.Operations, Who.Administrator)),
        new("ops figures as csv", HttpMethod.Get, _ => "/ops/figures.csv", () => null, w => Only(w, Who.Operations, Who.Administrator)),
        new("ops page", HttpMethod.Get, _ => "/ops", () => null, w => Only(w, Who.Operations, Who.Administrator)),
        new("ops page panel", HttpMethod.Get, _ => "/ops/panel?office=ACA", () => null, w => Only(w, Who.Operations, Who.Administrator)),
        new("ops page script", HttpMethod.Get, _ => "/ops/assets/ops.js", () => null, w => Only(w, Who.Operations, Who.Administrator)),
        new("prometheus metrics", HttpMethod.Get, _ => "/metrics", () => null, w => Only(w, Who.Operations, Who.Administrator)),
    ];

    public static TheoryData<string, Who> EveryEndpointAndCaller()
    {
        var data = new TheoryData<string, Who>();
        foreach (var endpoint in Endpoints)
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                data.Add(endpoint.Name, who);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryEndpointAndCaller))]
    public async Task Each_caller_gets_what_the_access_table_gives_them(string endpointName, Who who)
    {
        var endpoint = Endpoints.Single(e => e.Name == endpointName);
        var records = await ArrangeAsync();
        using var request = new HttpRequestMessage(endpoint.Method, endpoint.Path(records)) { Content = endpoint.Body()?.Content() };

        var response = await Client(who).SendAsync(request);

        var expected = endpoint.Rule(who);
        var actual = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => Outcome.Unauthenticated,
            HttpStatusCode.Forbidden => Outcome.Forbidden,
            HttpStatusCode.NotFound => Outcome.Hidden,
            _ => Outcome.Pass,
        };
        Assert.True(expected == actual, $"{endpointName} as {who}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    private HttpClient Client(Who who) => who switch
    {
        Who.CaseworkerOwn => fixture.As(StaffRole.Caseworker, office: "ACA"),
        Who.CaseworkerOther => fixture.As(StaffRole.Caseworker, office: "TAP"),
        Who.SupervisorOwn => fixture.As(StaffRole.Supervisor, office: "ACA"),
        Who.SupervisorOther => fixture.As(StaffRole.Supervisor, office: "TAP"),
        Who.AutomationOwn => fixture.As(StaffRole.Automation, office: "ACA"),
        Who.AutomationOther => fixture.As(StaffRole.Automation, office: "TAP"),
        Who.LiaisonAddressed => fixture.As(StaffRole.Liaison, authority: "INM"),
        Who.LiaisonOther => fixture.As(StaffRole.Liaison, authority: "DIF"),
        Who.Operations => fixture.As(StaffRole.Operations),
        Who.Administrator => fixture.As(StaffRole.Administrator),
        _ => fixture.Api.CreateClient(),
    };

    /// <summary>A fresh case of ACA, consented, with an exit clearance sent to INM.</summary>
    private async Task<Records> ArrangeAsync()
    {
        var http = fixture.Http;
        var created = await (await http.PostAsync("/cases", Json.RegistrationBody("ACA").Content())).BodyAsync();
        var caseNumber = created["caseNumber"]!.GetValue<string>();
        await http.PostAsync($"/cases/{caseNumber}/counselling", null);
        await http.PostAsync($"/cases/{caseNumber}/screening", new JsonObject { ["eligible"] = true }.Content());
        await http.PostAsync($"/cases/{caseNumber}/consent", null);
        var requested = await (await http.PostAsync($"/cases/{caseNumber}/exit-clearance-request", new JsonObject { ["consentGiven"] = true }.Content())).BodyAsync();
        return new Records(caseNumber, requested["referrals"]![0]!["referralId"]!.GetValue<string>());
    }
}
