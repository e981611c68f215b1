using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;
using Npgsql;

namespace Coordination.Api.Tests;

/// <summary>Office caseload lists with filters, search by name or document, stable pages; served from the case directory.</summary>
[Collection(ApiCollection.Name)]
public sealed class CaseSearchTests(ApiFixture fixture)
{
    private readonly HttpClient _tuxtla = fixture.As(StaffRole.Caseworker, office: "TUX");

    private async Task<string> Register(Action<JsonObject>? change = null)
    {
        var body = Json.RegistrationBody("TUX");
        change?.Invoke(body);
        var created = await _tuxtla.PostAsync("/cases", body.Content());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.BodyAsync())["caseNumber"]!.GetValue<string>();
    }

    /// <summary>Searches once the case directory (a projection of the event log) has caught up with what was written.</summary>
    private async Task<string[]> Search(string query)
    {
        await fixture.Grains.WaitForEventLogAsync();
        return (await _tuxtla.GetFromJsonAsync<JsonObject>($"/cases?{query}"))!["items"]!.AsArray().Select(i => i!["caseNumber"]!.GetValue<string>()).ToArray();
    }

    [Fact]
    public async Task Names_are_found_whatever_their_accents_and_case()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var found = await Register(b => { b["givenNames"] = $"José Ángel {unique}"; b["familyNames"] = "Núñez Peña"; });

        Assert.Contains(found, await Search($"q=jose%20angel%20{unique}"));
        Assert.Contains(found, await Search($"q=NUNEZ%20{unique.ToUpperInvariant()}"));
        Assert.DoesNotContain(found, await Search($"q=maria%20{unique}"));
    }

    [Fact]
    public async Task A_document_number_is_found_however_it_is_typed()
    {
        var number = $"G{Random.Shared.Next(10_000_000, 99_999_999)}";
        var found = await Register(b => b["document"]!["number"] = number);

        Assert.Equal([found], await Search($"q={number.ToLowerInvariant()}"));
        Assert.Equal([found], await Search($"q={number[..1]}-{number[1..5]}%20{number[5..]}"));
    }

    [Fact]
    public async Task Filters_narrow_the_caseload_by_status_nationality_and_vulnerability()
    {
        var minor = await Register(b => { b["nationality"] = "NIC"; b["vulnerabilities"] = new JsonArray("UnaccompaniedMinor"); });
        var adult = await Register(b => b["nationality"] = "NIC");
        await _tuxtla.PostAsync($"/cases/{adult}/counselling", null);

        var minors = await Search("nationality=NIC&vulnerability=UnaccompaniedMinor&limit=200");
        var counselled = await Search("nationality=nic&status=Counselled&limit=200");

        Assert.Contains(minor, minors);
        Assert.DoesNotContain(adult, minors);
        Assert.Contains(adult, counselled);
        Assert.DoesNotContain(minor, counselled);
    }

    [Fact]
    public async Task Cases_with_overdue_referrals_can_be_listed()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var caseNumber = await Register(b => b["givenNames"] = $"Overdue {unique}");
        await _tuxtla.PostAsync($"/cases/{caseNumber}/protection-referral", new JsonObject { ["recipient"] = "CNDH", ["consentGiven"] = true }.Content());

        Assert.Empty(await Search($"overdue=true&q={unique}"));
        Assert.Equal([caseNumber], await Search($"overdue=false&q={unique}"));
    }

    [Fact]
    public async Task Pages_follow_each_other_without_gaps_or_repeats()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var registered = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            registered.Add(await Register(b => b["familyNames"] = $"Paginada {unique}"));
        }

        var seen = new List<string>();
        string? cursor = null;
        await fixture.Grains.WaitForEventLogAsync();
        do
        {
            var page = (await _tuxtla.GetFromJsonAsync<JsonObject>($"/cases?q={unique}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}")))!;
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["caseNumber"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(registered, seen);
    }

    [Theory]
    [InlineData("status=Sleeping", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("office=tuxtla", "office")]
    [InlineData("overdue=maybe", "overdue")]
    [InlineData("nationality=%00", "nationality")]
    [InlineData("nationality=XXX", "nationality")]
    [InlineData("q=maria%00", "q")]
    public async Task Bad_filters_are_refused_naming_them(string query, string field)
    {
        var response = await _tuxtla.GetAsync($"/cases?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task Lists_are_scoped_to_the_callers_office()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await _tuxtla.GetAsync("/cases?office=ACA")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.As(StaffRole.Operations).GetAsync("/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.As(StaffRole.Liaison, authority: "INM").GetAsync("/cases")).StatusCode);
    }
}
