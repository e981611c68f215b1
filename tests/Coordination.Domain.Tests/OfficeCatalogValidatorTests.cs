using Coordination.Grains.Offices;

namespace Coordination.Domain.Tests;

public sealed class OfficeCatalogValidatorTests
{
    private static OfficeDefinition Office(string code = "ACA", int capacity = 10, string timeZone = "America/Mexico_City") =>
        new() { Code = code, Name = "Acayucan", State = "Veracruz", Capacity = capacity, TimeZone = timeZone };

    [Fact]
    public void The_five_offices_of_the_brief_are_a_valid_catalog()
    {
        var catalog = new OfficeCatalogOptions
        {
            Offices = [Office("MEX"), Office("TAP"), Office("TUX"), Office("CJS", timeZone: "America/Ciudad_Juarez"), Office("ACA")],
        };

        Assert.True(new OfficeCatalogValidator().Validate(null, catalog).Succeeded);
    }

    [Fact]
    public void Malformed_codes_duplicates_unknown_time_zones_and_zero_capacity_stop_the_silo()
    {
        var catalog = new OfficeCatalogOptions
        {
            Offices = [Office("aca"), Office("MEX"), Office("MEX"), Office("TAP", capacity: 0), Office("TUX", timeZone: "Mars/Olympus")],
        };

        var result = new OfficeCatalogValidator().Validate(null, catalog);

        Assert.True(result.Failed);
        Assert.Equal(4, result.Failures!.Count());
    }

    [Fact]
    public void An_empty_catalog_stops_the_silo()
    {
        Assert.True(new OfficeCatalogValidator().Validate(null, new OfficeCatalogOptions()).Failed);
    }
}
