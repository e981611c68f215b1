using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task Readiness_says_in_words_how_far_the_read_models_are_behind_the_event_log()
    {
        await fixture.Grains.WaitForEventLogAsync();

        var report = await (await fixture.Http.GetAsync("/health/ready")).BodyAsync();

        Assert.Equal("Healthy", report["checks"]!["event-log"]!["status"]!.GetValue<string>());
        Assert.Matches(@"^Every projection and reaction has applied all \d+ events\.$", report["checks"]!["event-log"]!["description"]!.GetValue<string>());
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
    public async Task The_openapi_document_asks_for_bearer_tokens_and_shows_examples()
    {
        var document = await (await fixture.Api.CreateClient().GetAsync("/openapi/v1.json")).BodyAsync();

        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>());
        Assert.Equal("ACA", document["paths"]!["/cases"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]!["officeCode"]!.GetValue<string>());
        var conflict = document["paths"]!["/cases/{caseNumber}/consent"]!["post"]!["responses"]!["409"]!["content"]!.AsObject().First().Value!;
        Assert.NotNull(conflict["example"]!["allowedActions"]);
        var consented = document["paths"]!["/cases/{caseNumber}/consent"]!["post"]!["responses"]!["200"]!["content"]!.AsObject().First().Value!;
        Assert.Equal("ACA-2026-000123", consented["example"]!["caseNumber"]!.GetValue<string>());
        Assert.True(document["paths"]!.AsObject().Count >= 30);
    }

    [Fact]
    public async Task The_interactive_api_reference_is_served_without_a_token()
    {
        var response = await fixture.Api.CreateClient().GetAsync("/reference");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_orleans_dashboard_is_served()
    {
        var response = await fixture.As(Grains.Interfaces.Commands.StaffRole.Operations).GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType!.MediaType);
    }
}
