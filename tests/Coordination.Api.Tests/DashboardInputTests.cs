using System.Net;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Tests;

/// <summary>
/// The Orleans dashboard is a library's code behind the API: paths it cannot read are a 4xx problem,
/// never its 500, and the grain state page (personal data) is closed to the operations role.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardInputTests(ApiFixture fixture)
{
    [Theory]
    [InlineData("/dashboard/HistoricalStats/x")]
    [InlineData("/dashboard/HistoricalStats/%27%20OR%201=1--")]
    [InlineData("/dashboard/SiloMetadata/x")]
    [InlineData("/dashboard/SiloProperties/0")]
    [InlineData("/dashboard/SiloStats/S127.0.0.1:1:1")]
    [InlineData("/dashboard/SiloCounters/%01")]
    public async Task A_silo_address_that_names_no_silo_of_this_cluster_is_not_found(string path)
    {
        var response = await fixture.As(StaffRole.Operations).GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("/dashboard/GrainState?grainId=case/ACA-2026-000001&grainType=Coordination.Grains.Cases.CaseGrain")]
    [InlineData("/dashboard/Reminders")]
    [InlineData("/dashboard/Reminders/1")]
    public async Task Pages_that_name_cases_are_not_shown_to_operations(string path)
    {
        var response = await fixture.As(StaffRole.Operations).GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_silos_the_cluster_lists_are_still_served()
    {
        var operations = fixture.As(StaffRole.Operations);
        var hosts = await fixture.Grains.GetGrain<Orleans.Runtime.IManagementGrain>(0).GetHosts(onlyActive: true);
        var address = hosts.Keys.First().ToParsableString();

        var response = await operations.GetAsync($"/dashboard/SiloStats/{Uri.EscapeDataString(address)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
