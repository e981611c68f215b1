using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;
using Npgsql;

namespace Coordination.Api.Tests;

/// <summary>Read models are projections of the event log: an administrator rebuilds one from the log, and any drift is gone.</summary>
[Collection(ApiRebuildCollection.Name)]
public sealed class ProjectionRebuildTests(ApiFixture fixture)
{
    private readonly HttpClient _tuxtla = fixture.As(StaffRole.Caseworker, office: "TUX");

    [Fact]
    public async Task Rebuilding_the_case_directory_restores_an_entry_that_was_lost_or_fell_behind()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var lost = await RegisterAsync($"Lost {unique}");
        var behind = await RegisterAsync($"Behind {unique}");
        await _tuxtla.PostAsync($"/cases/{behind}/counselling", null);
        await fixture.Grains.WaitForEventLogAsync();
        await using (var database = NpgsqlDataSource.Create(fixture.ConnectionString))
        {
            await using var drift = database.CreateCommand(
                "DELETE FROM case_directory WHERE case_number = @lost; UPDATE case_directory SET status = 'Registered', version = 1 WHERE case_number = @behind");
            drift.Parameters.AddWithValue("lost", lost);
            drift.Parameters.AddWithValue("behind", behind);
            await drift.ExecuteNonQueryAsync();
        }
        Assert.Equal([behind], await SearchAsync($"q={unique}"));

        var rebuild = await fixture.As(StaffRole.Administrator).PostAsync("/admin/projections/cases/rebuild", null);
        await fixture.Grains.WaitForEventLogAsync();

        Assert.Equal(HttpStatusCode.Accepted, rebuild.StatusCode);
        Assert.Equal([lost, behind], await SearchAsync($"q={unique}"));
        Assert.Equal([behind], await SearchAsync($"q={unique}&status=Counselled"));
        Assert.Equal(HttpStatusCode.Forbidden, (await _tuxtla.PostAsync("/admin/projections/cases/rebuild", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.As(StaffRole.Administrator).PostAsync("/admin/projections/nothing/rebuild", null)).StatusCode);
    }

    [Fact]
    public async Task Operations_see_how_far_each_projection_and_reaction_has_read_the_log()
    {
        await RegisterAsync($"Status {Guid.NewGuid():N}");
        await fixture.Grains.WaitForEventLogAsync();

        var status = await fixture.As(StaffRole.Operations).GetFromJsonAsync<JsonObject>("/admin/event-log");

        Assert.True(status!["events"]!.GetValue<long>() > 0);
        var subscriptions = status["subscriptions"]!.AsArray().ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!);
        Assert.Equal(["cases", "ops", "referrals", "rules", "webhooks", "workflow"], subscriptions.Keys.Order());
        Assert.All(subscriptions.Values, s => Assert.Equal(0, s["pendingEvents"]!.GetValue<long>()));
        Assert.Equal("reaction", subscriptions["workflow"]["kind"]!.GetValue<string>());
        Assert.Equal("reaction", subscriptions["rules"]["kind"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await _tuxtla.GetAsync("/admin/event-log")).StatusCode);
    }

    private async Task<string> RegisterAsync(string givenNames)
    {
        var body = Json.RegistrationBody("TUX");
        body["givenNames"] = givenNames;
        var created = await _tuxtla.PostAsync("/cases", body.Content());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.BodyAsync())["caseNumber"]!.GetValue<string>();
    }

    private async Task<string[]> SearchAsync(string query)
    {
        await fixture.Grains.WaitForEventLogAsync();
        return (await _tuxtla.GetFromJsonAsync<JsonObject>($"/cases?{query}"))!["items"]!.AsArray().Select(i => i!["caseNumber"]!.GetValue<string>()).ToArray();
    }
}

/// <summary>A database, cluster and API of their own: rebuilding empties read models the other API tests read.</summary>
[CollectionDefinition(Name)]
public sealed class ApiRebuildCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api-rebuild";
}
