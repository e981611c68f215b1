using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Api.Tests;

/// <summary>
/// Words of one or two characters (Wu, Li, an initial) have no trigram; they are found all the same,
/// anywhere in a word, and never across the space between two words.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CaseSearchShortWordTests(ApiFixture fixture)
{
    private readonly CaseSearchClient _tuxtla = new(fixture, fixture.As(StaffRole.Caseworker, office: "TUX"), "TUX");

    [Fact]
    public async Task Short_words_are_found_at_the_start_middle_and_end_of_words_and_not_across_them()
    {
        var unique = CaseSearchClient.Unique();
        var wu = await _tuxtla.RegisterAsync(b => { b["givenNames"] = "Wu Mei"; b["familyNames"] = $"Xiong {unique}"; });
        var ly = await _tuxtla.RegisterAsync(b => { b["givenNames"] = "Yì"; b["familyNames"] = $"Ly {unique}"; });

        async Task<string[]> Search(string words) => await _tuxtla.SearchAsync($"q={Uri.EscapeDataString($"{words} {unique}")}");

        Assert.Equal([wu], await Search("wu"));      // the first two characters of the names
        Assert.Equal([wu], await Search("W"));       // one character, the first
        Assert.Equal([wu], await Search("ei"));      // the end of a word
        Assert.Equal([wu], await Search("io"));      // inside a word
        Assert.Equal([ly], await Search("LY"));      // a whole word
        Assert.Equal([ly], await Search("y"));
        Assert.Equal([wu, ly], await Search("í"));   // folded as the names are: i
        Assert.Equal([wu, ly], await Search(unique[^2..]));  // the last two characters of the names
        Assert.Equal([wu], await Search("wu mei"));
        Assert.Empty(await Search("um"));            // "wu mei": across the space
        Assert.Empty(await Search("zq"));
    }

    [Fact]
    public async Task A_search_of_short_words_alone_lists_every_case_whose_names_hold_them()
    {
        var found = await _tuxtla.RegisterAsync(b => { b["givenNames"] = "Axq"; b["familyNames"] = $"Bozq {CaseSearchClient.Unique()}"; });

        foreach (var words in new[] { "xq", "zq", "q", "xq zq" })
        {
            var everyPage = await _tuxtla.AllPagesAsync($"q={Uri.EscapeDataString(words)}", 200);
            Assert.Contains(found, everyPage);
            Assert.Equal(everyPage.Count, everyPage.Distinct().Count());
            foreach (var item in await _tuxtla.PageItemsAsync($"q={Uri.EscapeDataString(words)}&limit=200"))
            {
                var names = NameFolding.Fold($"{item["givenNames"]} {item["familyNames"]}");
                Assert.All(words.Split(' '), word => Assert.Contains(word, names, StringComparison.Ordinal));
            }
        }
    }
}
