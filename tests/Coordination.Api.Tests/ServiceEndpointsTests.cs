using System.Net;
using System.Text.Json.Nodes;

namespace Coordination.Api.Tests;

/// <summary>Health, the OpenAPI document and the Orleans dashboard, as operations and client developers use them.</summary>
[Collection(ApiCollection.Name)]
public sealed class ServiceEndpointsTests(ApiFixture fixture)
{
    [Fact]
    public async Task The_api_is_live()
    {
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task The_api_is_ready_when_postgresql_and_the_cluster_answer()
    {
        var response = await fixture.Http.GetAsync("/health/ready");
        var report = await response.BodyAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", report["checks"]!["postgres"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", report["checks"]!["cluster"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_case_and_office_endpoints()
    {
        var document = await (await fixture.Http.GetAsync("/openapi/v1.json")).BodyAsync();
        var paths = document["paths"]!.AsObject();

        Assert.True(paths.ContainsKey("/cases"));
        Assert.True(paths.ContainsKey("/cases/{caseNumber}"));
        Assert.True(paths.ContainsKey("/offices"));
        Assert.True(paths.ContainsKey("/offices/{officeCode}"));
        Assert.NotNull(paths["/cases"]!["post"]!["requestBody"]);
        Assert.NotNull(paths["/cases"]!["post"]!["responses"]!["400"]);
        Assert.NotNull(paths["/cases/{caseNumber}"]!["get"]!["responses"]!["404"]);
    }

    [Fact]
    public async Task The_orleans_dashboard_is_served()
    {
        var response = await fixture.As(Grains.Interfaces.Commands.StaffRole.Operations).GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType!.MediaType);
    }
}
