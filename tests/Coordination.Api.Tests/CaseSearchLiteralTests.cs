using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Tests;

/// <summary>What a caller types is searched for as it is: %, _ and \ in q are characters, not LIKE patterns.</summary>
[Collection(ApiCollection.Name)]
public sealed class CaseSearchLiteralTests(ApiFixture fixture)
{
    private readonly CaseSearchClient _tuxtla = new(fixture, fixture.As(StaffRole.Caseworker, office: "TUX"), "TUX");

    [Fact]
    public async Task Percent_underscore_and_backslash_in_q_match_only_themselves()
    {
        var unique = CaseSearchClient.Unique();
        var percent = await _tuxtla.RegisterAsync(b => b["givenNames"] = $"{unique}g%h");
        var anyRun = await _tuxtla.RegisterAsync(b => b["givenNames"] = $"{unique}gxyzh");
        var underscore = await _tuxtla.RegisterAsync(b => b["givenNames"] = $"{unique}j_k");
        var anyOne = await _tuxtla.RegisterAsync(b => b["givenNames"] = $"{unique}jxk");
        var backslash = await _tuxtla.RegisterAsync(b => b["givenNames"] = $"{unique}m\\n");
        var escapedN = await _tuxtla.RegisterAsync(b => b["givenNames"] = $"{unique}mn");

        Assert.Equal([percent], await _tuxtla.SearchAsync($"q={Uri.EscapeDataString($"{unique}g%h")}"));
        Assert.Equal([underscore], await _tuxtla.SearchAsync($"q={Uri.EscapeDataString($"{unique}j_k")}"));
        Assert.Equal([backslash], await _tuxtla.SearchAsync($"q={Uri.EscapeDataString($"{unique}m\\n")}"));
        // As words of their own, which are too short for trigrams.
        Assert.Equal([percent], await _tuxtla.SearchAsync($"q={Uri.EscapeDataString($"{unique} %")}"));
        Assert.Equal([underscore], await _tuxtla.SearchAsync($"q={Uri.EscapeDataString($"_ {unique}")}"));
        Assert.Equal([backslash], await _tuxtla.SearchAsync($"q={Uri.EscapeDataString($"{unique} \\")}"));
        Assert.Equal([backslash], await _tuxtla.SearchAsync($"q={Uri.EscapeDataString($"{unique} \\n")}"));
        Assert.Equal([percent, anyRun, underscore, anyOne, backslash, escapedN], await _tuxtla.SearchAsync($"q={unique}"));
    }
}
