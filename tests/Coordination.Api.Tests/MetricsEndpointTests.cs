using System.Net;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Testing;

namespace Coordination.Api.Tests;

/// <summary>
/// The API's Prometheus scrape endpoint carries ASP.NET Core's, the Orleans client's, Npgsql's and
/// the runtime's meters and the operations figures, for operations and administrators only.
/// </summary>
[Collection(OpsCollection.Name)]
public sealed class MetricsEndpointTests(OpsFixture fixture)
{
    [Fact]
    public async Task Operations_scrape_the_api_meters_and_the_figures_in_prometheus_format()
    {
        var mexico = fixture.As(StaffRole.Caseworker, office: "MEX");
        Assert.Equal(HttpStatusCode.Created, (await mexico.PostAsync("/cases", Json.RegistrationBody("MEX").Content())).StatusCode);
        await fixture.Grains.WaitForEventLogAsync();
        var ops = fixture.As(StaffRole.Operations);
        await ops.GetAsync("/ops/figures"); // a request, so that the server's request meter has something to say

        var response = await ops.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("coordination_ops_office_open_cases{", text);
        Assert.Matches("coordination_ops_office_open_cases[^\\n]*office=\"MEX\"[^\\n]*\\} [1-9]", text);
        Assert.Contains("coordination_ops_projection_lag_seconds", text);
        Assert.Contains("http_server_request_duration_seconds", text);
        Assert.Contains("dotnet_gc_", text);
        Assert.Contains("orleans_", text);
        Assert.Contains("db_client_", text);
        Assert.Equal(HttpStatusCode.Forbidden, (await mexico.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.As(StaffRole.Liaison, authority: "INM").GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Api.CreateClient().GetAsync("/metrics")).StatusCode);
    }
}
