using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Coordination.Contract.Tests;

/// <summary>
/// The OpenAPI document the running API serves passes Spectral's OpenAPI rules and the house rules
/// in tools/spectral/.spectral.yaml (operation ids, 401 and 403 on every operation that needs a
/// token, problem details on every 4xx, Idempotency-Key on every write) with no error. Endpoints
/// added later are linted as soon as they are in the document.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class OpenApiLintTests(ContractFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan LintTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task The_served_document_has_no_lint_errors()
    {
        var spectral = RepositoryFiles.PathOf("tools", "spectral", "node_modules", ".bin", "spectral");
        Assert.True(File.Exists(spectral), $"Spectral is not installed at {spectral}: ./test.sh installs it (npm ci in tools/spectral).");
        var document = Path.Combine(Path.GetTempPath(), $"coordination-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await fixture.Api.CreateClient().GetStringAsync("/openapi/v1.json"));
        try
        {
            var results = await LintAsync(spectral, document);

            foreach (var group in results.GroupBy(r => (Severity: r["severity"]!.GetValue<int>(), Code: r["code"]!.ToString())).OrderBy(g => g.Key))
            {
                output.WriteLine($"{SeverityName(group.Key.Severity)} {group.Key.Code}: {group.Count()}");
            }
            var errors = results.Where(r => r["severity"]!.GetValue<int>() == 0)
                .Select(r => $"{r["code"]} at {string.Join('.', r["path"]!.AsArray())}: {r["message"]}").ToList();
            Assert.True(errors.Count == 0, $"{errors.Count} lint errors:\n{string.Join('\n', errors.Take(50))}");
        }
        finally
        {
            File.Delete(document);
        }
    }

    private static async Task<List<JsonNode>> LintAsync(string spectral, string document)
    {
        var start = new ProcessStartInfo(spectral)
        {
            WorkingDirectory = RepositoryFiles.PathOf("tools", "spectral"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "lint", document, "--ruleset", ".spectral.yaml", "--format", "json", "--quiet" })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(LintTimeout);
        await process.WaitForExitAsync(timeout.Token);
        // Spectral exits 1 when it reports errors; anything else but 0 means it could not lint.
        Assert.True(process.ExitCode is 0 or 1, $"Spectral failed (exit {process.ExitCode}): {await stderr}");
        var text = (await stdout).Trim();
        return text.Length == 0 ? [] : [.. JsonNode.Parse(text)!.AsArray().Select(r => r!)];
    }

    private static string SeverityName(int severity) => severity switch { 0 => "error", 1 => "warning", 2 => "information", _ => "hint" };
}
