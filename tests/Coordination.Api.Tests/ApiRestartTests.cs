using System.Net;
using System.Text.Json.Nodes;
using Coordination.Testing;

namespace Coordination.Api.Tests;

/// <summary>A case registered through the API survives stopping and starting both the API and the silo.</summary>
public sealed class ApiRestartTests : IAsyncLifetime
{
    private TestPostgres _database = null!;

    public async Task InitializeAsync() => _database = await TestPostgres.CreateAsync("apirestart");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_case_registered_over_http_is_served_again_after_api_and_silo_restart()
    {
        JsonObject registered;
        await using (var cluster = await CoordinationTestCluster.StartAsync(_database))
        await using (var api = new ApiHost(cluster))
        {
            var created = await api.ClientAs(Grains.Interfaces.Commands.StaffRole.Caseworker, "TUX").PostAsync("/cases", Json.RegistrationBody("TUX").Content());
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            registered = await created.BodyAsync();
        }

        await using var restartedCluster = await CoordinationTestCluster.StartAsync(_database);
        await using var restartedApi = new ApiHost(restartedCluster);
        var read = await restartedApi.ClientAs(Grains.Interfaces.Commands.StaffRole.Caseworker, "TUX").GetAsync($"/cases/{registered["caseNumber"]}");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(JsonNode.DeepEquals(registered, await read.BodyAsync()));
    }
}
