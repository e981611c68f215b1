using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Testing;
using Npgsql;

namespace Coordination.Api.Tests;

/// <summary>
/// After an erasure, a dump of the whole database (pg_dump: every table, the event log, stored API
/// answers, read models) holds none of the migrant's names or document number, neither as text
/// nor as the bytes of a stored answer. The same dump taken before the erasure finds them, so the
/// search would see them if they were left anywhere.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ErasureLeavesNoTraceTests(ApiFixture fixture)
{
    [Fact]
    public async Task A_dump_of_the_database_after_an_erasure_holds_none_of_the_migrants_names_or_document_number()
    {
        var given = $"Zenobia {Letters()}";
        var family = $"Quixtan {Letters()}";
        var document = $"ZQ{Random.Shared.NextInt64(10_000_000, 99_999_999)}";
        var registration = Json.RegistrationBody("TUX");
        registration["givenNames"] = given;
        registration["familyNames"] = family;
        registration["document"]!["number"] = document;
        var caseworker = fixture.As(StaffRole.Caseworker, office: "TUX");
        using var register = new HttpRequestMessage(HttpMethod.Post, "/cases") { Content = registration.Content() };
        register.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString()); // its answer is kept for replays
        var caseNumber = (await (await caseworker.SendAsync(register)).BodyAsync())["caseNumber"]!.GetValue<string>();
        (await caseworker.PostAsync($"/cases/{caseNumber}/protection-referral", new JsonObject { ["recipient"] = "CNDH", ["consentGiven"] = true }.Content()))
            .EnsureSuccessStatusCode();
        await fixture.Grains.WaitForEventLogAsync(); // the referral opens, with the migrant's data sealed in its events
        (await caseworker.PostAsync($"/cases/{caseNumber}/withdrawal", new JsonObject { ["reason"] = $"{given} returns on her own" }.Content()))
            .EnsureSuccessStatusCode();
        await fixture.Grains.WaitForEventLogAsync();
        string[] traces = [.. Words(given), .. Words(family), document];

        var before = await DumpAsync();
        var erased = await fixture.As(StaffRole.Administrator).PostAsync($"/cases/{caseNumber}/erasure", new JsonObject { ["reason"] = "the migrant's request" }.Content());
        await fixture.Grains.WaitForEventLogAsync();
        var after = await DumpAsync();

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.All(traces, trace => Assert.True(Found(before, trace), $"The dump before the erasure should hold '{trace}'."));
        Assert.True(before.Contains(Hex(given.Split(' ')[1]), StringComparison.Ordinal), "The stored answer (bytea, hex in the dump) should hold the name before the erasure.");
        Assert.All(traces, trace => Assert.False(Found(after, trace), $"The dump after the erasure still holds '{trace}'."));
        Assert.Contains(caseNumber, after, StringComparison.Ordinal); // the case itself remains, for the figures
    }

    private static bool Found(string dump, string trace) =>
        dump.Contains(trace, StringComparison.OrdinalIgnoreCase)
        || dump.Contains(Hex(trace), StringComparison.Ordinal)
        || dump.Contains(Hex(trace.ToLowerInvariant()), StringComparison.Ordinal)
        || dump.Contains(Hex(trace.ToUpperInvariant()), StringComparison.Ordinal);

    private static string Hex(string text) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text));

    private static IEnumerable<string> Words(string name) => name.Split(' ').Where(w => w.Length >= 6);

    private static string Letters() => new([.. Enumerable.Range(0, 10).Select(_ => (char)('a' + Random.Shared.Next(26)))]);

    private async Task<string> DumpAsync()
    {
        var connection = new NpgsqlConnectionStringBuilder(fixture.ConnectionString);
        var start = new ProcessStartInfo(PgDump())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "--host", connection.Host!, "--port", connection.Port.ToString(), "--username", connection.Username!, "--no-password", connection.Database! },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pg_dump failed: {await errors}");
        return await output;
    }

    /// <summary>The pg_dump of the newest installed PostgreSQL (the server's own package), else the one on PATH.</summary>
    private static string PgDump() =>
        (Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin", "pg_dump"))
                .Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0)
                .FirstOrDefault()
            : null)
        ?? "pg_dump";
}
