using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Tests;

/// <summary>Filters narrow a search's name matches and document matches alike, combined as the request combines them.</summary>
[Collection(ApiCollection.Name)]
public sealed class CaseSearchFilterTests(ApiFixture fixture)
{
    private readonly CaseSearchClient _tuxtla = new(fixture, fixture.As(StaffRole.Caseworker, office: "TUX"), "TUX");
    private readonly CaseSearchClient _automation = new(fixture, fixture.Http, "ACA");

    [Fact]
    public async Task Office_status_nationality_vulnerability_and_overdue_apply_to_name_and_document_matches()
    {
        var unique = CaseSearchClient.Unique();
        var document = unique.ToUpperInvariant();
        var byName = await _tuxtla.RegisterAsync(b => { b["givenNames"] = $"Filtro {unique}"; b["nationality"] = "NIC"; b["vulnerabilities"] = new JsonArray("Pregnant"); });
        var byDocument = await _tuxtla.RegisterAsync(b => { b["document"]!["number"] = $"{document}9"; b["nationality"] = "NIC"; b["vulnerabilities"] = new JsonArray(); });
        var counselledByName = await _tuxtla.RegisterAsync(b => { b["familyNames"] = $"Filtro {unique}"; b["nationality"] = "GTM"; b["vulnerabilities"] = new JsonArray(); });
        var byDocumentGuatemalan = await _tuxtla.RegisterAsync(b => { b["document"]!["number"] = $"{document}8"; b["nationality"] = "GTM"; b["vulnerabilities"] = new JsonArray("Pregnant"); });
        var elsewhere = await _automation.RegisterAsync(b => { b["givenNames"] = $"Filtro {unique}"; b["document"]!["number"] = $"{document}7"; b["nationality"] = "NIC"; });
        await fixture.Http.PostAsync($"/cases/{counselledByName}/counselling", null);
        await fixture.Http.PostAsync($"/cases/{byDocument}/counselling", null);

        Assert.Equal([byName, byDocument, counselledByName, byDocumentGuatemalan], await _tuxtla.SearchAsync($"q={unique}"));
        Assert.Equal([byName, byDocument], await _tuxtla.SearchAsync($"q={unique}&nationality=nic"));
        Assert.Equal([byDocument, counselledByName], await _tuxtla.SearchAsync($"q={unique}&status=Counselled"));
        Assert.Equal([byDocumentGuatemalan], await _tuxtla.SearchAsync($"q={unique}&status=Registered&nationality=GTM"));
        Assert.Equal([byName, byDocumentGuatemalan], await _tuxtla.SearchAsync($"q={unique}&vulnerability=Pregnant"));
        Assert.Equal([byName, byDocument, counselledByName, byDocumentGuatemalan], await _tuxtla.SearchAsync($"q={unique}&overdue=false&office=TUX"));
        Assert.Empty(await _tuxtla.SearchAsync($"q={unique}&overdue=true"));

        Assert.Equal([byName, byDocument, counselledByName, byDocumentGuatemalan, elsewhere], await _automation.SearchAsync($"q={unique}"));
        Assert.Equal([elsewhere], await _automation.SearchAsync($"q={unique}&office=ACA"));
        Assert.Equal([byName, elsewhere], await _automation.SearchAsync($"q={unique}&nationality=NIC&status=Registered"));
        Assert.Equal([byDocument], await _automation.SearchAsync($"q={unique}&office=TUX&status=Counselled&nationality=NIC"));
    }
}
