using Coordination.Bench;

namespace Coordination.Demo;

/// <summary>
/// The 38 countries of the demo's migrants, weighted as the programme's caseload: extra-regional
/// migrants, most from South America, a growing share from Asia and Africa (Central Americans have
/// other return schemes). Each has its consulate (configured by Silo/appsettings.Demo.json), a
/// language and the names of its region.
/// </summary>
public static class DemoCountries
{
    public sealed record Country(string Code, string Name, int Weight, string Language, string Region);

    public static IReadOnlyList<Country> All { get; } =
    [
        new("VEN", "Venezuela", 28, "es", "South America and Cuba"), new("COL", "Colombia", 24, "es", "South America and Cuba"),
        new("ECU", "Ecuador", 20, "es", "South America and Cuba"), new("PER", "Peru", 14, "es", "South America and Cuba"),
        new("BRA", "Brazil", 6, "pt", "South America and Cuba"), new("CHL", "Chile", 4, "es", "South America and Cuba"),
        new("BOL", "Bolivia", 4, "es", "South America and Cuba"), new("ARG", "Argentina", 2, "es", "South America and Cuba"),
        new("PRY", "Paraguay", 2, "es", "South America and Cuba"), new("URY", "Uruguay", 1, "es", "South America and Cuba"),
        new("CUB", "Cuba", 12, "es", "South America and Cuba"), new("DOM", "Dominican Republic", 4, "es", "South America and Cuba"),
        new("HTI", "Haiti", 12, "ht", "Haiti"),
        new("SEN", "Senegal", 4, "wo", "Africa"), new("GIN", "Guinea", 4, "fr", "Africa"), new("GHA", "Ghana", 3, "en", "Africa"),
        new("NGA", "Nigeria", 3, "en", "Africa"), new("CMR", "Cameroon", 4, "fr", "Africa"), new("COD", "DR Congo", 2, "fr", "Africa"),
        new("ERI", "Eritrea", 2, "ti", "Africa"), new("KEN", "Kenya", 2, "sw", "Africa"), new("ETH", "Ethiopia", 2, "am", "Africa"),
        new("SOM", "Somalia", 2, "so", "Africa"), new("MLI", "Mali", 2, "fr", "Africa"), new("BFA", "Burkina Faso", 1, "fr", "Africa"),
        new("CIV", "Cote d'Ivoire", 2, "fr", "Africa"), new("AGO", "Angola", 1, "pt", "Africa"), new("MRT", "Mauritania", 2, "ar", "Africa"),
        new("SLE", "Sierra Leone", 1, "en", "Africa"),
        new("IND", "India", 8, "hi", "South Asia"), new("BGD", "Bangladesh", 4, "bn", "South Asia"), new("NPL", "Nepal", 4, "ne", "South Asia"),
        new("PAK", "Pakistan", 2, "ur", "South Asia"), new("AFG", "Afghanistan", 3, "ps", "South Asia"), new("LKA", "Sri Lanka", 1, "si", "South Asia"),
        new("UZB", "Uzbekistan", 1, "uz", "South Asia"),
        new("CHN", "China", 4, "zh", "East and Southeast Asia"), new("VNM", "Viet Nam", 2, "vi", "East and Southeast Asia"),
    ];

    public static Country Pick(Random random)
    {
        var roll = random.Next(All.Sum(c => c.Weight));
        foreach (var country in All)
        {
            if ((roll -= country.Weight) < 0)
            {
                return country;
            }
        }
        return All[^1];
    }

    public static SyntheticNames.Region RegionOf(Country country) => SyntheticNames.Regions.Single(r => r.Name == country.Region);
}
