using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces.Commands;
using Npgsql;
using Xunit.Abstractions;

namespace Coordination.Process.Tests;

/// <summary>
/// Thousands of generated hostile requests over every operation of the OpenAPI document and every
/// route of the Orleans dashboard, sent to the deployed processes: none is answered 5xx, no process
/// stops, nothing stored changes, and the system still serves a real request afterwards. The run
/// is reproducible: set COORDINATION_HOSTILE_SEED to the seed a failure prints.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output) : RunningSystemTest(silos: 1, apis: 1)
{
    private const int Requests = 2_400;
    private const int Clients = 4;

    [Fact]
    public async Task Hostile_requests_over_every_operation_get_no_5xx_stop_no_process_and_change_nothing_stored()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("COORDINATION_HOSTILE_SEED"), CultureInfo.InvariantCulture, out var given)
            ? given : Random.Shared.Next();
        output.WriteLine($"seed {seed} (COORDINATION_HOSTILE_SEED={seed} repeats this run)");
        var automation = Deployment.Client(0, StaffRole.Automation, office: "*");
        var known = await SeedRecordsAsync(automation);
        var document = JsonNode.Parse(await automation.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var operations = OpenApiOperations.Read(document);
        Assert.DoesNotContain(operations, o => o.Path.StartsWith("/dashboard", StringComparison.Ordinal));
        operations.AddRange(DashboardOperations());
        await Deployment.Client(0, StaffRole.Operations).WaitForReadModelsAsync();
        var before = await StoredDataFingerprint.TakeAsync(Deployment.Postgres.ConnectionString);

        var generator = new HostileRequestGenerator(new Random(seed), operations, known, Tokens(), validTokens: 7);
        var planned = Enumerable.Range(0, Requests).Select(_ => generator.Next()).ToList();
        var answers = await SendAllAsync(planned);

        var answered = answers.Where(a => a.Status is not null).ToList();
        var failures = answered.Where(a => (int)a.Status!.Value >= 500).ToList();
        output.WriteLine($"{planned.Count} requests over {operations.Count} operations; {answered.Count} answered; " +
            $"by status: {string.Join(", ", answered.GroupBy(a => (int)a.Status!.Value).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"))}; " +
            $"not sent by the client: {answers.Count - answered.Count}");
        var reached = operations.Count(o => answered.Any(a => a.Request.Description.StartsWith($"{o} ", StringComparison.Ordinal)));
        output.WriteLine($"operations answered at least once: {reached} of {operations.Count}");
        if (failures.Count > 0)
        {
            var log = Path.Combine(AppContext.BaseDirectory, $"hostile-input-api-{seed}.log");
            await File.WriteAllTextAsync(log, Deployment.Apis[0].Output + "\n--- silo ---\n" + Deployment.Silos[0].Output);
            output.WriteLine($"what the API and the silo wrote: {log}");
        }
        foreach (var failure in failures.Take(20))
        {
            output.WriteLine($"{(int)failure.Status!.Value} for {failure.Request.Description} {HeadersOf(failure.Request)}: {failure.Answer}");
        }
        var notProblems = answered.Where(a => (int)a.Status!.Value is >= 400 and < 500 && a.Answer.Length > 0 && a.ContentType != "application/problem+json").ToList();
        foreach (var plain in notProblems.Take(10))
        {
            output.WriteLine($"not problem details: {(int)plain.Status!.Value} {plain.ContentType} for {plain.Request.Description}: {plain.Answer}");
        }
        var notSent = answers.Where(a => a.Status is null).Select(a => a.Answer).Distinct().Take(5);
        output.WriteLine($"client-side refusals: {string.Join(" | ", notSent)}");

        Assert.True(answered.Count >= 2_000, $"only {answered.Count} requests were answered");
        Assert.All(operations, o => Assert.Contains(planned, r => r.Description.StartsWith($"{o} ", StringComparison.Ordinal)));
        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} answers >= 500, the first: " +
            string.Join("\n", failures.Take(5).Select(f => $"{(int)f.Status!.Value} for {f.Request.Description} {HeadersOf(f.Request)}: {f.Answer}")));
        Assert.True(notProblems.Count == 0, $"seed {seed}: {notProblems.Count} 4xx answers with a body that is not problem details");
        Assert.All(Deployment.Silos.Concat(Deployment.Apis), node => Assert.True(node.Running, $"{node.Name} stopped: {node.Output}"));

        await Deployment.Client(0, StaffRole.Operations).WaitForReadModelsAsync();
        var after = await StoredDataFingerprint.TakeAsync(Deployment.Postgres.ConnectionString);
        Assert.Equal(before, after);

        var registered = await automation.PostOkAsync("/cases", Http.Registration("TUX", Guid.NewGuid().ToString("N")), HttpStatusCode.Created);
        var read = await automation.GetOkAsync($"/cases/{registered["caseNumber"]!.GetValue<string>()}");
        Assert.Equal("TUX", read["officeCode"]!.GetValue<string>());
    }

    /// <summary>
    /// The Orleans dashboard's routes (the library's internals, kept out of the API's document),
    /// as the dashboard maps them under /dashboard, and the operations page's under /ops.
    /// </summary>
    private static IEnumerable<ApiOperation> DashboardOperations()
    {
        var text = new System.Text.Json.Nodes.JsonObject { ["type"] = "string" };
        ApiOperation Get(string path, params string[] pathParameters) =>
            new("GET", path, [.. pathParameters.Select(p => new ApiParameter(p, "path", text))], null);
        return
        [
            Get("/dashboard/"), Get("/dashboard/index.html"), Get("/dashboard/version"), Get("/dashboard/DashboardCounters"),
            Get("/dashboard/ClusterStats"), Get("/dashboard/Reminders"), Get("/dashboard/Reminders/{page}", "page"),
            Get("/dashboard/HistoricalStats/{path}", "path"), Get("/dashboard/SiloProperties/{address}", "address"),
            Get("/dashboard/SiloMetadata/{address}", "address"), Get("/dashboard/SiloStats/{address}", "address"),
            Get("/dashboard/SiloCounters/{address}", "address"), Get("/dashboard/GrainStats/{grainName}", "grainName"),
            Get("/dashboard/TopGrainMethods"), Get("/dashboard/GrainState"), Get("/dashboard/LifecycleStages"), Get("/dashboard/GrainTypes"),
            Get("/dashboard/fonts/{path}", "path"), Get("/dashboard/img/{path}", "path"),
            // The operations page and what it loads, also kept out of the document.
            Get("/ops"), Get("/ops/panel"), Get("/ops/assets/{name}", "name"),
        ];
    }

    /// <summary>A case at every office and a referral, so that reads reach real records too.</summary>
    private async Task<KnownRecords> SeedRecordsAsync(HttpClient automation)
    {
        var cases = new List<string>();
        foreach (var office in KnownRecords.Offices)
        {
            cases.AddRange(await automation.RegisterCasesAsync(office, 1));
        }
        var inm = Deployment.Client(0, StaffRole.Liaison, authority: "INM");
        var intake = await inm.PostOkAsync("/referrals/intakes", new JsonObject
        {
            ["officeCode"] = "ACA",
            ["migrant"] = Http.Registration("ACA", Guid.NewGuid().ToString("N")),
            ["consentGiven"] = true,
        }, HttpStatusCode.Created);
        var referral = intake["referralId"]?.GetValue<string>() ?? intake["id"]!.GetValue<string>();
        await using var connection = new NpgsqlConnection(Deployment.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT address || ':' || port || '@' || generation FROM orleansmembershiptable", connection);
        var silos = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                silos.Add(reader.GetString(0));
            }
        }
        return new KnownRecords(cases, [referral], silos);
    }

    /// <summary>Tokens of every role (the first seven), then the ways a token can be wrong.</summary>
    private static List<(string Name, string? Token)> Tokens()
    {
        var minter = new TokenMinter(new TokenOptions { SigningKey = SystemUnderTest.SigningKey }, TimeProvider.System);
        var stranger = new TokenMinter(new TokenOptions { SigningKey = Convert.ToBase64String(new byte[32]) }, TimeProvider.System);
        var valid = minter.Mint("caseworker@ACA", StaffRole.Caseworker, "ACA");
        var parts = valid.Split('.');
        return
        [
            ("administrator", "Bearer " + minter.Mint("admin@coordination", StaffRole.Administrator)),
            ("operations", "Bearer " + minter.Mint("ops@coordination", StaffRole.Operations)),
            ("automation", "Bearer " + minter.Mint("automation@coordination", StaffRole.Automation, "*")),
            ("caseworker", "Bearer " + valid),
            ("supervisor", "Bearer " + minter.Mint("supervisor@TAP", StaffRole.Supervisor, "TAP")),
            ("liaison INM", "Bearer " + minter.Mint("liaison@INM", StaffRole.Liaison, authority: "INM")),
            ("liaison DIF", "Bearer " + minter.Mint("liaison@DIF", StaffRole.Liaison, authority: "DIF")),
            ("no token", null),
            ("role list", "Bearer " + WithClaims(new() { ["sub"] = "x", ["role"] = "supervisor,automation", ["office"] = "*" })),
            ("role number", "Bearer " + WithClaims(new() { ["sub"] = "x", ["role"] = "5" })),
            ("two roles", "Bearer " + WithClaims(new() { ["sub"] = "x", ["role"] = new[] { "operations", "administrator" } })),
            ("no subject", "Bearer " + WithClaims(new() { ["role"] = "administrator" })),
            ("another key", "Bearer " + stranger.Mint("admin@elsewhere", StaffRole.Administrator)),
            ("unsigned", $"Bearer {Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{parts[1]}."),
            ("garbage", "Bearer x.y.z"),
            ("empty bearer", "Bearer "),
            ("huge", "Bearer " + new string('a', 12_000)),
            ("basic", "Basic dXNlcjpwYXNz"),
            ("tampered", $"Bearer {parts[0]}.{Base64Url("{\"sub\":\"x\",\"role\":\"administrator\"}")}.{parts[2]}"),
        ];
    }

    private async Task<List<HostileAnswer>> SendAllAsync(IReadOnlyList<HostileRequest> requests)
    {
        var results = new HostileAnswer[requests.Count];
        using var handler = new SocketsHttpHandler
        {
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var next = -1;
        var baseUrl = $"http://127.0.0.1:{Deployment.Apis[0].ReadyPort}";
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests.Count)
            {
                results[i] = await SendAsync(http, baseUrl, requests[i]);
            }
        }));
        return [.. results];
    }

    private static async Task<HostileAnswer> SendAsync(HttpClient http, string baseUrl, HostileRequest hostile)
    {
        try
        {
            var uri = new Uri(baseUrl + hostile.PathAndQuery, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
            using var request = new HttpRequestMessage(hostile.Method, uri);
            if (hostile.Body is not null)
            {
                request.Content = new ByteArrayContent(hostile.Body);
                if (hostile.ContentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
                }
            }
            foreach (var (name, value) in hostile.Headers.Where(h => h.Name != "X-Token-Kind"))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            return new HostileAnswer(hostile, response.StatusCode, response.Content.Headers.ContentType?.MediaType, await BeginningAsync(response));
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or FormatException or UriFormatException)
        {
            // Refused by the client library before it reached the API, or the connection was closed on a request Kestrel would not read.
            return new HostileAnswer(hostile, null, null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The first bytes of the answer (some dashboard answers are streams that do not end).</summary>
    private static async Task<string> BeginningAsync(HttpResponseMessage response)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var buffer = new byte[600];
        var read = 0;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
            int n;
            while (read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read), stop.Token)) > 0)
            {
                read += n;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>What came back: no status when the client could not send the request or read an answer.</summary>
    private sealed record HostileAnswer(HostileRequest Request, HttpStatusCode? Status, string? ContentType, string Answer);

    private static string HeadersOf(HostileRequest request) => "headers " + string.Join(", ", request.Headers
        .Where(h => h.Name is not ("Authorization" or "X-Token-Kind"))
        .Select(h => $"{h.Name}: {(h.Value.Length > 40 ? $"{h.Value[..30]}…({h.Value.Length} chars)" : h.Value)}"));

    /// <summary>A correctly signed token with whatever claims a careless identity provider might put in it.</summary>
    private static string WithClaims(Dictionary<string, object> claims)
    {
        var options = new TokenOptions { SigningKey = SystemUnderTest.SigningKey };
        return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Claims = claims,
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(TokenMinter.SigningKey(options), Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
