using Coordination.Grains.Interfaces.Offices;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public sealed class OfficeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task An_office_is_seeded_from_configuration()
    {
        var office = await fixture.Client.GetGrain<IOfficeGrain>("CJS").GetAsync();

        Assert.Equal("Ciudad Juarez", office.Name);
        Assert.Equal("Chihuahua", office.State);
        Assert.Equal("America/Ciudad_Juarez", office.TimeZone);
        Assert.Equal(250, office.Capacity);
    }

    [Fact]
    public async Task The_directory_lists_the_five_offices_by_code()
    {
        var offices = await fixture.Client.GetGrain<IOfficeDirectoryGrain>(0).ListAsync();

        Assert.Equal(["ACA", "CJS", "MEX", "TAP", "TUX"], offices.Select(o => o.Code));
    }
}
