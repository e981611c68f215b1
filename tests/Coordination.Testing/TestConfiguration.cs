using System.Globalization;

namespace Coordination.Testing;

/// <summary>The offices and authorities of the brief, as the test silos' configuration.</summary>
public static class TestConfiguration
{
    public static readonly IReadOnlyList<(string Code, string Name, string State, string TimeZone, int Capacity)> Offices =
    [
        ("MEX", "Mexico City", "Ciudad de Mexico", "America/Mexico_City", 400),
        ("TAP", "Tapachula", "Chiapas", "America/Mexico_City", 300),
        ("TUX", "Tuxtla Gutierrez", "Chiapas", "America/Mexico_City", 200),
        ("CJS", "Ciudad Juarez", "Chihuahua", "America/Ciudad_Juarez", 250),
        ("ACA", "Acayucan", "Veracruz", "America/Mexico_City", 150),
    ];

    /// <summary>INM, DIF, CNDH and the consulates the brief names.</summary>
    public static readonly IReadOnlyList<(string Code, string Kind, string? Country)> Authorities =
    [
        ("INM", "Migration", null),
        ("DIF", "ChildProtection", null),
        ("CNDH", "HumanRights", null),
        .. new[] { "HND", "GTM", "SLV", "NIC", "CUB", "VEN", "COL", "ECU", "HTI" }.Select(c => ($"CONS-{c}", "Consulate", (string?)c)),
    ];

    /// <summary>The test silos' master key (a fixed one: test databases are thrown away).</summary>
    public const string MasterKey = "dGVzdHMtb25seS1tYXN0ZXIta2V5LTMyLWJ5dGVzISE=";

    /// <summary>Everything as flat configuration keys.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> AsConfiguration()
    {
        yield return new("Coordination:DataProtection:MasterKey", MasterKey);
        for (var i = 0; i < Offices.Count; i++)
        {
            var office = Offices[i];
            yield return new($"Coordination:Offices:{i}:Code", office.Code);
            yield return new($"Coordination:Offices:{i}:Name", office.Name);
            yield return new($"Coordination:Offices:{i}:State", office.State);
            yield return new($"Coordination:Offices:{i}:TimeZone", office.TimeZone);
            yield return new($"Coordination:Offices:{i}:Capacity", office.Capacity.ToString(CultureInfo.InvariantCulture));
        }
        for (var i = 0; i < Authorities.Count; i++)
        {
            var authority = Authorities[i];
            yield return new($"Coordination:Authorities:{i}:Code", authority.Code);
            yield return new($"Coordination:Authorities:{i}:Name", authority.Code);
            yield return new($"Coordination:Authorities:{i}:Kind", authority.Kind);
            if (authority.Country is not null)
            {
                yield return new($"Coordination:Authorities:{i}:Country", authority.Country);
            }
        }
    }
}
