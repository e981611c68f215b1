using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Testing;
using Npgsql;

namespace Coordination.Api.Tests;

/// <summary>
/// The operations figures follow what happens to cases and referrals through the API: caseloads by
/// status, the day's registrations, nationalities, referrals and their turnaround, time in each
/// status, transfers, SLA breaches; as JSON and CSV, for operations and administrators only, with
/// no personal data; and a rebuild of the "ops" projection gives the same figures again.
/// </summary>
[Collection(OpsCollection.Name)]
public sealed class OpsFiguresTests(OpsFixture fixture)
{
    private readonly HttpClient _ops = fixture.As(StaffRole.Operations);

    private async Task<JsonObject> FiguresAsync(string? office = null)
    {
        await fixture.Grains.WaitForEventLogAsync();
        var response = await _ops.GetAsync(office is null ? "/ops/figures" : $"/ops/figures?office={office}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.BodyAsync();
    }

    private static int Status(JsonObject figures, string status) =>
        figures["casesByStatus"]!.AsArray().Single(s => s!["status"]!.GetValue<string>() == status)!["cases"]!.GetValue<int>();

    private static JsonNode? Row(JsonObject figures, string list, Func<JsonNode, bool> match) => figures[list]!.AsArray().SingleOrDefault(n => match(n!));

    private async Task<string> RegisterAsync(HttpClient staff, string office, string nationality)
    {
        var body = Json.RegistrationBody(office);
        body["nationality"] = nationality;
        var response = await staff.PostAsync("/cases", body.Content());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.BodyAsync())["caseNumber"]!.GetValue<string>();
    }

    private static async Task<JsonObject> PostAsync(HttpClient client, string path, JsonObject? body = null)
    {
        var response = await client.PostAsync(path, body?.Content());
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.BodyAsync();
    }

    private static string ReferralOf(JsonObject @case, ReferralKind kind) =>
        @case["referrals"]!.AsArray().First(r => r!["kind"]!.GetValue<string>() == kind.ToString())!["referralId"]!.GetValue<string>();

    [Fact]
    public async Task Figures_follow_registrations_transitions_referrals_and_transfers_and_a_rebuild_gives_them_again()
    {
        var juarez = fixture.As(StaffRole.Caseworker, office: "CJS");
        var inm = fixture.As(StaffRole.Liaison, authority: "INM");
        var mexico = fixture.As(StaffRole.Caseworker, office: "MEX");
        var before = await FiguresAsync("CJS");
        var beforeMexico = await FiguresAsync("MEX");

        var returning = await RegisterAsync(juarez, "CJS", "COL");
        var withdrawing = await RegisterAsync(juarez, "CJS", "COL");
        var moving = await RegisterAsync(juarez, "CJS", "NPL");

        // Two hours in Registered, then on to an exit clearance that INM acknowledges after 2 h and answers 4 h later.
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        await PostAsync(juarez, $"/cases/{returning}/counselling", new JsonObject());
        await PostAsync(juarez, $"/cases/{returning}/screening", new JsonObject { ["eligible"] = true });
        await PostAsync(juarez, $"/cases/{returning}/consent");
        var requested = await PostAsync(juarez, $"/cases/{returning}/exit-clearance-request", new JsonObject { ["consentGiven"] = true });
        var clearance = ReferralOf(requested, ReferralKind.ExitClearance);
        await fixture.Grains.WaitForEventLogAsync();
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        await PostAsync(inm, $"/referrals/{clearance}/acknowledgement");
        fixture.Clock.Advance(TimeSpan.FromHours(4));
        await PostAsync(inm, $"/referrals/{clearance}/acceptance");

        await PostAsync(juarez, $"/cases/{withdrawing}/withdrawal", new JsonObject { ["reason"] = "stays with family" });
        var transferRequested = await PostAsync(juarez, $"/cases/{moving}/transfer-request", new JsonObject { ["toOfficeCode"] = "MEX", ["reason"] = "closer to the airport" });
        var transfer = ReferralOf(transferRequested, ReferralKind.Transfer);
        await fixture.Grains.WaitForEventLogAsync();
        await PostAsync(mexico, $"/referrals/{transfer}/acceptance");

        var after = await FiguresAsync("CJS");
        var afterMexico = await FiguresAsync("MEX");

        Assert.Equal("CJS", after["office"]!.GetValue<string>());
        Assert.Equal(0, after["lag"]!["pendingEvents"]!.GetValue<long>());
        // Juarez keeps the returning case (now cleared), the withdrawn one ended, the transferred one left for Mexico City.
        Assert.Equal(before["openCases"]!.GetValue<int>() + 1, after["openCases"]!.GetValue<int>());
        Assert.Equal(Status(before, "Cleared") + 1, Status(after, "Cleared"));
        Assert.Equal(Status(before, "Withdrawn") + 1, Status(after, "Withdrawn"));
        Assert.Equal(Status(before, "Registered"), Status(after, "Registered"));
        Assert.Equal(Status(beforeMexico, "Registered") + 1, Status(afterMexico, "Registered"));
        Assert.Equal(Registrations(before) + 3, Registrations(after));

        var colombia = Row(after, "nationalities", n => n["nationality"]!.GetValue<string>() == "COL")!;
        Assert.Equal(2, colombia["registered"]!.GetValue<int>());
        Assert.Equal(1, colombia["open"]!.GetValue<int>());
        Assert.Null(Row(after, "nationalities", n => n["nationality"]!.GetValue<string>() == "NPL" && n["open"]!.GetValue<int>() > 0));
        Assert.Equal(1, Row(afterMexico, "nationalities", n => n["nationality"]!.GetValue<string>() == "NPL")!["open"]!.GetValue<int>());

        var exitClearances = Row(after, "referrals", r => r["to"]!.GetValue<string>() == "INM" && r["kind"]!.GetValue<string>() == "ExitClearance")!;
        Assert.Equal(1, exitClearances["sent"]!.GetValue<int>());
        Assert.Equal(1, exitClearances["accepted"]!.GetValue<int>());
        Assert.Equal(0, exitClearances["open"]!.GetValue<int>()); // answered: INM owes nothing more
        var turnaround = Row(after, "turnaround", t => t["to"]!.GetValue<string>() == "INM")!;
        Assert.Equal(1, turnaround["acknowledged"]!.GetValue<int>());
        Assert.Equal(7200, turnaround["acknowledgeMedianSeconds"]!.GetValue<double>(), 1);
        Assert.Equal(7200, turnaround["acknowledgeP90Seconds"]!.GetValue<double>(), 1);
        Assert.Equal(21600, turnaround["answerMedianSeconds"]!.GetValue<double>(), 1);

        var registered = Row(after, "timeInStatus", s => s["status"]!.GetValue<string>() == "Registered")!;
        Assert.Equal(2, registered["left"]!.GetValue<int>()); // counselled after 2 h, withdrawn after 8 h; the transferred case is still Registered
        Assert.Equal(7200, registered["medianSeconds"]!.GetValue<double>(), 1);
        Assert.Equal(28800, registered["p90Seconds"]!.GetValue<double>(), 1);
        Assert.Equal((7200 + 28800) / 2.0, registered["meanSeconds"]!.GetValue<double>(), 1);

        var transfers = Row(after, "transfers", t => t["from"]!.GetValue<string>() == "CJS" && t["to"]!.GetValue<string>() == "MEX")!;
        Assert.Equal(1, transfers["sent"]!.GetValue<int>());
        Assert.Equal(1, transfers["accepted"]!.GetValue<int>());
        Assert.Equal(0, transfers["open"]!.GetValue<int>());

        // Nothing that names a person, a case or a referral.
        var everything = (await _ops.GetStringAsync("/ops/figures")) + await _ops.GetStringAsync("/ops/figures.csv");
        foreach (var secret in new[] { returning, withdrawing, moving, clearance, transfer, "López", "María", "E1234567", "stays with family" })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
        }

        // The projection read again from the start of the log gives the same figures.
        var rebuild = await fixture.As(StaffRole.Administrator).PostAsync("/admin/projections/ops/rebuild", null);
        Assert.Equal(HttpStatusCode.Accepted, rebuild.StatusCode);
        var rebuilt = await FiguresAsync("CJS");
        foreach (var figure in new[] { "openCases", "casesByStatus", "daily", "referrals", "turnaround", "breaches", "timeInStatus", "nationalities", "transfers", "offices" })
        {
            Assert.Equal(after[figure]!.ToJsonString(), rebuilt[figure]!.ToJsonString());
        }
    }

    private static int Registrations(JsonObject figures) => figures["daily"]!.AsArray().Sum(d => d!["registrations"]!.GetValue<int>());

    [Fact]
    public async Task An_exit_clearance_left_past_its_sla_counts_as_overdue_and_as_a_breach_today()
    {
        var tapachula = fixture.As(StaffRole.Caseworker, office: "TAP");
        var caseNumber = await RegisterAsync(tapachula, "TAP", "ERI");
        await PostAsync(tapachula, $"/cases/{caseNumber}/counselling", new JsonObject());
        await PostAsync(tapachula, $"/cases/{caseNumber}/screening", new JsonObject { ["eligible"] = true });
        await PostAsync(tapachula, $"/cases/{caseNumber}/consent");
        var referralId = ReferralOf(await PostAsync(tapachula, $"/cases/{caseNumber}/exit-clearance-request", new JsonObject { ["consentGiven"] = true }), ReferralKind.ExitClearance);
        await fixture.Grains.WaitForEventLogAsync(); // the referral opens itself from the case's request
        var before = await FiguresAsync("TAP");
        var inmBefore = Row(before, "referrals", r => r["to"]!.GetValue<string>() == "INM" && r["kind"]!.GetValue<string>() == "ExitClearance")!;

        fixture.Clock.Advance(TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1));
        var referral = fixture.Grains.GetGrain<IReferralGrain>(referralId);
        await referral.AsReference<IRemindable>().ReceiveReminder("sla", new Orleans.Runtime.TickStatus(DateTime.UtcNow, TimeSpan.FromDays(1), DateTime.UtcNow));
        var after = await FiguresAsync("TAP");

        var inmAfter = Row(after, "referrals", r => r["to"]!.GetValue<string>() == "INM" && r["kind"]!.GetValue<string>() == "ExitClearance")!;
        Assert.Equal(inmBefore["overdue"]!.GetValue<int>() + 1, inmAfter["overdue"]!.GetValue<int>());
        Assert.Equal(1, after["breaches"]!["today"]!.GetValue<int>());
        Assert.Equal(1, after["breaches"]!["thisWeek"]!.GetValue<int>()); // the only breach of a Tapachula referral in this database
        Assert.Equal(1, Row(after, "offices", o => o["office"]!.GetValue<string>() == "TAP")!["overdueReferrals"]!.GetValue<int>());
        var csv = await _ops.GetStringAsync("/ops/figures.csv?office=TAP");
        Assert.StartsWith("figure,scope,key,subkey,measure,value\r\n", csv);
        Assert.Contains("\r\nsla_breaches,TAP,,,today,1\r\n", csv);
        Assert.Contains("\r\nreferrals,TAP,INM,ExitClearance,overdue,", csv);
    }

    [Fact]
    public async Task Only_operations_and_administrators_read_the_figures_and_an_unknown_office_is_a_bad_request()
    {
        foreach (var path in new[] { "/ops/figures", "/ops/figures.csv", "/ops", "/ops/panel" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await fixture.As(StaffRole.Caseworker, office: "ACA").GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await fixture.As(StaffRole.Liaison, authority: "INM").GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await fixture.As(StaffRole.Administrator).GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Api.CreateClient().GetAsync(path)).StatusCode);
        }
        var unknown = await _ops.GetAsync("/ops/figures?office=ZZZ");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(["office"], await unknown.ErrorFieldsAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await _ops.GetAsync("/ops/figures.csv?office=%3Cscript%3E")).StatusCode);
    }
}
