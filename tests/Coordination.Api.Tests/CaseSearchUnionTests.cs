using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Tests;

/// <summary>
/// A search finds cases by name and by document number in one answer: a case found both ways comes
/// once, and pages run through both kinds in page order without skipping or repeating a case.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CaseSearchUnionTests(ApiFixture fixture)
{
    private readonly CaseSearchClient _tuxtla = new(fixture, fixture.As(StaffRole.Caseworker, office: "TUX"), "TUX");

    [Fact]
    public async Task Cases_found_by_name_and_by_document_come_once_each_in_page_order_on_every_page_size()
    {
        var unique = CaseSearchClient.Unique();
        var document = unique.ToUpperInvariant();
        // In order of registration: by name, by document, both, by document, by name, by document.
        string[] registered =
        [
            await _tuxtla.RegisterAsync(b => b["givenNames"] = $"Unión {unique}"),
            await _tuxtla.RegisterAsync(b => b["document"]!["number"] = $"{document}01"),
            await _tuxtla.RegisterAsync(b => { b["familyNames"] = $"Ambos {unique}"; b["document"]!["number"] = $"{document}-02"; }),
            await _tuxtla.RegisterAsync(b => b["document"]!["number"] = $"{document} 03"),
            await _tuxtla.RegisterAsync(b => b["familyNames"] = $"Nombre-{unique}"),
            await _tuxtla.RegisterAsync(b => b["document"]!["number"] = $"{document}04"),
        ];

        Assert.Equal(registered, await _tuxtla.SearchAsync($"q={unique}"));
        foreach (var limit in new[] { 1, 2, 3, 4, 6 })
        {
            Assert.Equal(registered, await _tuxtla.AllPagesAsync($"q={unique}", limit));
        }
        // Typed as a document number (upper case, with a separator), and as a longer prefix: only documents.
        Assert.Equal([registered[1], registered[2], registered[3], registered[5]], await _tuxtla.AllPagesAsync($"q={document[..4]}-{document[4..]}0", 2));
        Assert.Equal([registered[2]], await _tuxtla.SearchAsync($"q={document}02"));
    }
}
