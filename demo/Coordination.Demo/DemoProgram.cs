using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Demo;

/// <summary>
/// <c>Coordination.Demo --url http://127.0.0.1:5080 [--cases 300] [--seed 7]</c>, with the deployment's
/// <c>Authentication__SigningKey</c> in the environment: registers synthetic migrants at the five
/// offices and takes each case to a status of its own through the HTTP API (caseworker steps as the
/// offices' automation account, answers as INM, DIF, CNDH, the consulates and receiving offices),
/// leaving some referrals unanswered (overdue once their SLA passes). Does nothing when the system
/// already has cases.
/// </summary>
public static class DemoProgram
{
    private static readonly string[] Offices = ["MEX", "TAP", "TUX", "CJS", "ACA"];
    private static readonly int[] OfficeWeights = [30, 28, 16, 12, 14];

    public static async Task<int> Main(string[] args)
    {
        string? Option(string name) => Array.IndexOf(args, $"--{name}") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        var url = Option("url") ?? "http://127.0.0.1:5080";
        var cases = int.TryParse(Option("cases"), out var n) && n > 0 ? n : 300;
        var random = new Random(int.TryParse(Option("seed"), out var seed) ? seed : Environment.TickCount);
        var signingKey = Environment.GetEnvironmentVariable("Authentication__SigningKey");
        if (string.IsNullOrWhiteSpace(signingKey))
        {
            Console.Error.WriteLine("Set Authentication__SigningKey to the API's signing key (./run.sh --demo does).");
            return 2;
        }
        var minter = new TokenMinter(new TokenOptions { SigningKey = signingKey }, TimeProvider.System);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 24 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        var demo = new Demo(http, minter);

        if (await demo.HasCasesAsync())
        {
            Console.WriteLine("The system already has cases: the demo fills only an empty one. Delete .data/ to start afresh.");
            return 0;
        }
        Console.WriteLine($"Filling {url} with {cases} synthetic cases across {string.Join(", ", Offices)} ...");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var plans = Enumerable.Range(0, cases).Select(i => Plan.Draw(random, i, Offices, OfficeWeights)).ToList();
        await Parallel.ForEachAsync(plans, new ParallelOptions { MaxDegreeOfParallelism = 24 }, async (plan, _) => await demo.RunAsync(plan));
        Console.WriteLine($"Done in {started.Elapsed.TotalSeconds:0} s: {demo.Requests} requests, {demo.Failures.Count} refused or failed.");
        foreach (var failure in demo.Failures.Take(10))
        {
            Console.WriteLine($"  {failure}");
        }
        foreach (var (status, count) in demo.Reached.OrderBy(r => r.Key))
        {
            Console.WriteLine($"  {status,-20} {count}");
        }
        return 0;
    }
}

/// <summary>Where one synthetic case goes, drawn at random with the programme's proportions.</summary>
internal sealed record Plan(
    int Index, string Office, DemoCountries.Country Country, bool Female, DateOnly BirthDate, bool UnaccompaniedMinor, bool Victim,
    bool Passport, string Target, string? TransferTo, bool LeaveReferralOpen)
{
    private static readonly (string Status, int Weight)[] Targets =
    [
        ("Registered", 12), ("Counselled", 9), ("OnHold", 4), ("Screened", 7), ("Ineligible", 4), ("Consented", 6),
        ("ClearanceRequested", 11), ("Cleared", 8), ("TravelBooked", 7), ("Departed", 6), ("Arrived", 5), ("Reintegration", 6),
        ("Closed", 10), ("Withdrawn", 5),
    ];

    public static Plan Draw(Random random, int index, string[] offices, int[] weights)
    {
        var office = offices[Weighted(random, weights)];
        var country = DemoCountries.Pick(random);
        var minor = random.NextDouble() < 0.06;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var birth = minor ? today.AddDays(-random.Next(12 * 365, 17 * 365)) : today.AddDays(-random.Next(19 * 365, 60 * 365));
        var target = Targets[Weighted(random, [.. Targets.Select(t => t.Weight)])].Status;
        // Transfers go mostly from the southern border (Tapachula, Tuxtla) to Mexico City, where flights leave.
        var transferTo = random.NextDouble() < 0.07 && office != "MEX" ? "MEX" : random.NextDouble() < 0.02 && office == "MEX" ? "CJS" : null;
        return new Plan(index, office, country, random.NextDouble() < 0.45, birth, minor, !minor && random.NextDouble() < 0.06,
            random.NextDouble() < 0.75, target, transferTo, random.NextDouble() < 0.35);
    }

    private static int Weighted(Random random, int[] weights)
    {
        var roll = random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            if ((roll -= weights[i]) < 0)
            {
                return i;
            }
        }
        return weights.Length - 1;
    }
}

/// <summary>The API as the apps and liaisons call it, with a token for each part the demo plays.</summary>
internal sealed class Demo(HttpClient http, TokenMinter minter)
{
    private readonly ConcurrentDictionary<string, string> _tokens = new();
    private int _requests;

    public int Requests => _requests;
    public ConcurrentQueue<string> Failures { get; } = new();
    public ConcurrentDictionary<string, int> Reached { get; } = new();

    private string Token(StaffRole role, string? office = null, string? authority = null) =>
        _tokens.GetOrAdd($"{role}/{office}/{authority}", _ =>
            minter.Mint($"demo-{role.ToString().ToLowerInvariant()}@{office ?? authority ?? "coordination"}", role, office, authority));

    private string Automation => Token(StaffRole.Automation, office: "*");

    public async Task<bool> HasCasesAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ops/figures");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(StaffRole.Operations));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var figures = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return figures["casesByStatus"]!.AsArray().Any(s => s!["cases"]!.GetValue<int>() != 0);
    }

    private async Task<JsonObject?> PostAsync(string token, string path, JsonObject? body, string step)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent((body ?? new JsonObject()).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        request.Headers.Add("X-Audit-Purpose", "demo data");
        for (var attempt = 0; ; attempt++)
        {
            Interlocked.Increment(ref _requests);
            using var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = new StringContent(await request.Content.ReadAsStringAsync(), Encoding.UTF8, "application/json") };
            foreach (var header in request.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            using var response = await http.SendAsync(copy);
            if (response.IsSuccessStatusCode)
            {
                return JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject ?? [];
            }
            // A busy or restarting system answers 503: the same key makes the retry safe.
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 5)
            {
                await Task.Delay(TimeSpan.FromSeconds(1 + attempt));
                continue;
            }
            Failures.Enqueue($"{step}: {(int)response.StatusCode} {Trim(await response.Content.ReadAsStringAsync())}");
            return null;
        }
    }

    private static string Trim(string text) => text.Length > 200 ? text[..200] : text;

    private static string? ReferralOf(JsonObject? @case, string kind) =>
        @case?["referrals"]?.AsArray().LastOrDefault(r => r!["kind"]!.GetValue<string>() == kind)?["referralId"]?.GetValue<string>();

    /// <summary>A liaison or receiving office answers after a moment, as people do (the turnaround figures then differ).</summary>
    private async Task<bool> AnswerAsync(string token, string referralId, bool accept, bool complete = false)
    {
        await Task.Delay(Random.Shared.Next(200, 2_500));
        if (await PostAsync(token, $"/referrals/{referralId}/acknowledgement", null, "acknowledge") is null)
        {
            return false;
        }
        await Task.Delay(Random.Shared.Next(200, 4_000));
        var answered = accept
            ? await PostAsync(token, $"/referrals/{referralId}/acceptance", null, "accept")
            : await PostAsync(token, $"/referrals/{referralId}/decline", new JsonObject { ["reason"] = "incomplete file" }, "decline");
        if (answered is null || !complete)
        {
            return answered is not null;
        }
        return await PostAsync(token, $"/referrals/{referralId}/completion", null, "complete") is not null;
    }

    public async Task RunAsync(Plan plan)
    {
        try
        {
            var reached = await TakeAsync(plan);
            Reached.AddOrUpdate(reached, 1, (_, n) => n + 1);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Failures.Enqueue($"case {plan.Index}: {e.Message}");
        }
    }

    private async Task<string> TakeAsync(Plan plan)
    {
        var region = DemoCountries.RegionOf(plan.Country);
        var random = new Random(plan.Index * 7919 + 17);
        string Pick(string[] names) => names[random.Next(names.Length)];
        var family = string.Join(' ', Enumerable.Range(0, region.FamilyNamesPerPerson).Select(_ => Pick(region.FamilyNames)));
        var vulnerabilities = new JsonArray();
        if (plan.UnaccompaniedMinor)
        {
            vulnerabilities.Add("UnaccompaniedMinor");
        }
        if (plan.Victim)
        {
            vulnerabilities.Add(random.NextDouble() < 0.6 ? "KidnappingVictim" : "TraffickingVictim");
        }
        if (!plan.UnaccompaniedMinor && random.NextDouble() < 0.05)
        {
            vulnerabilities.Add(plan.Female && random.NextDouble() < 0.5 ? "Pregnant" : "MedicalNeeds");
        }
        var registration = new JsonObject
        {
            ["officeCode"] = plan.Office,
            ["givenNames"] = Pick(plan.Female ? region.Women : region.Men),
            ["familyNames"] = family,
            ["sex"] = plan.Female ? "Female" : "Male",
            ["birthDate"] = plan.BirthDate.ToString("yyyy-MM-dd"),
            ["nationality"] = plan.Country.Code,
            ["languages"] = new JsonArray(plan.Country.Language),
            ["vulnerabilities"] = vulnerabilities,
        };
        if (plan.Passport)
        {
            registration["document"] = new JsonObject
            {
                ["type"] = "Passport", ["number"] = $"{Pick(region.DocumentPrefixes)}{random.Next(1_000_000, 9_999_999)}",
                ["issuingCountry"] = plan.Country.Code, ["expiresOn"] = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(3).ToString("yyyy-MM-dd"),
            };
        }
        var created = await PostAsync(Automation, "/cases", registration, "register");
        if (created?["caseNumber"]?.GetValue<string>() is not { } number)
        {
            return "not registered";
        }
        string Case(string action) => $"/cases/{number}/{action}";
        var office = plan.Office;

        if (plan.TransferTo is { } to)
        {
            var transfer = ReferralOf(await PostAsync(Automation, Case("transfer-request"), new JsonObject { ["toOfficeCode"] = to, ["reason"] = "closer to the departure airport" }, "transfer"), "Transfer");
            if (transfer is not null && !plan.LeaveReferralOpen && await AnswerAsync(Token(StaffRole.Caseworker, office: to), transfer, accept: random.NextDouble() < 0.85))
            {
                office = to;
            }
        }
        if (plan.Target == "Registered")
        {
            return "Registered";
        }
        await PostAsync(Automation, Case("counselling"), new JsonObject { ["notes"] = "information on assisted return given" }, "counselling");
        if (plan.Target == "Counselled")
        {
            return "Counselled";
        }
        if (plan.Target == "OnHold")
        {
            await PostAsync(Automation, Case("hold"), new JsonObject { ["reason"] = random.NextDouble() < 0.6 ? "medical appointment" : "missing documents" }, "hold");
            return "OnHold";
        }
        if (plan.UnaccompaniedMinor)
        {
            var child = ReferralOf(await PostAsync(Automation, Case("child-protection-referral"), new JsonObject { ["consentGiven"] = true }, "child protection"), "ChildProtection");
            if (child is null || plan.LeaveReferralOpen && random.NextDouble() < 0.5)
            {
                return "Counselled (waiting for DIF)";
            }
            await AnswerAsync(Token(StaffRole.Liaison, authority: "DIF"), child, accept: true);
        }
        if (plan.Victim)
        {
            await PostAsync(Automation, Case("risk-assessment"), new JsonObject { ["level"] = "High", ["summary"] = "threats on the route" }, "risk assessment");
            var protection = ReferralOf(await PostAsync(Automation, Case("protection-referral"), new JsonObject { ["recipient"] = "CNDH", ["consentGiven"] = true }, "protection"), "Protection");
            if (protection is not null && !plan.LeaveReferralOpen)
            {
                await AnswerAsync(Token(StaffRole.Liaison, authority: "CNDH"), protection, accept: true);
            }
        }
        var eligible = plan.Target != "Ineligible";
        await PostAsync(Automation, Case("screening"), eligible ? new JsonObject { ["eligible"] = true } : new JsonObject { ["eligible"] = false, ["reason"] = "has a pending asylum claim" }, "screening");
        if (plan.Target is "Screened" or "Ineligible")
        {
            return plan.Target;
        }
        await PostAsync(Automation, Case("consent"), null, "consent");
        if (plan.Target == "Consented")
        {
            return "Consented";
        }
        if (plan.Target == "Withdrawn")
        {
            await PostAsync(Automation, Case("exit-clearance-request"), new JsonObject { ["consentGiven"] = true }, "exit clearance");
            await PostAsync(Automation, Case("withdrawal"), new JsonObject { ["reason"] = "decided to stay" }, "withdrawal");
            return "Withdrawn";
        }
        var clearance = ReferralOf(await PostAsync(Automation, Case("exit-clearance-request"), new JsonObject { ["consentGiven"] = true }, "exit clearance"), "ExitClearance");
        if (clearance is null)
        {
            return "Consented";
        }
        var inm = Token(StaffRole.Liaison, authority: "INM");
        if (plan.Target == "ClearanceRequested")
        {
            // Left with INM: some seen, none answered; overdue once the SLA passes.
            if (random.NextDouble() < 0.4)
            {
                await Task.Delay(random.Next(200, 2_000));
                await PostAsync(inm, $"/referrals/{clearance}/acknowledgement", null, "acknowledge");
            }
            return "ClearanceRequested";
        }
        await AnswerAsync(inm, clearance, accept: true);
        if (!plan.Passport)
        {
            var document = ReferralOf(await PostAsync(Automation, Case("travel-document-request"), new JsonObject { ["consentGiven"] = true }, "travel document"), "TravelDocument");
            if (document is null)
            {
                return "Cleared";
            }
            var consulate = Token(StaffRole.Liaison, authority: $"CONS-{plan.Country.Code}");
            if (plan.Target == "Cleared" && plan.LeaveReferralOpen)
            {
                return "Cleared (waiting for the consulate)";
            }
            await AnswerAsync(consulate, document, accept: true, complete: true);
        }
        if (plan.Target == "Cleared")
        {
            return "Cleared";
        }
        var booked = await PostAsync(Automation, Case("travel-booking"), new JsonObject
        {
            ["departureDate"] = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(random.Next(2, 15)).ToString("yyyy-MM-dd"),
            ["carrier"] = random.NextDouble() < 0.5 ? "Aeromexico" : "Copa Airlines",
            ["destination"] = plan.Country.Name,
        }, "travel booking");
        if (booked is null || plan.Target == "TravelBooked")
        {
            return booked is null ? "Cleared" : "TravelBooked";
        }
        foreach (var (action, status) in new[] { ("departure", "Departed"), ("arrival", "Arrived"), ("reintegration", "Reintegration") })
        {
            if (await PostAsync(Automation, Case(action), null, action) is null)
            {
                return "stopped before " + status;
            }
            if (plan.Target == status)
            {
                return status;
            }
        }
        await PostAsync(Automation, Case("closure"), new JsonObject { ["reason"] = "reintegration plan completed" }, "closure");
        _ = office;
        return "Closed";
    }
}
