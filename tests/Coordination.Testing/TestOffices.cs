namespace Coordination.Testing;

/// <summary>The five offices of the brief, as test configuration (<c>Coordination:Offices</c>).</summary>
public static class TestOffices
{
    public static readonly IReadOnlyList<(string Code, string Name, string State, string TimeZone, int Capacity)> All =
    [
        ("MEX", "Mexico City", "Ciudad de Mexico", "America/Mexico_City", 400),
        ("TAP", "Tapachula", "Chiapas", "America/Mexico_City", 300),
        ("TUX", "Tuxtla Gutierrez", "Chiapas", "America/Mexico_City", 200),
        ("CJS", "Ciudad Juarez", "Chihuahua", "America/Ciudad_Juarez", 250),
        ("ACA", "Acayucan", "Veracruz", "America/Mexico_City", 150),
    ];

    /// <summary>The offices as flat configuration keys.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> AsConfiguration() =>
        All.SelectMany((office, i) => new[]
        {
            new KeyValuePair<string, string?>($"Coordination:Offices:{i}:Code", office.Code),
            new KeyValuePair<string, string?>($"Coordination:Offices:{i}:Name", office.Name),
            new KeyValuePair<string, string?>($"Coordination:Offices:{i}:State", office.State),
            new KeyValuePair<string, string?>($"Coordination:Offices:{i}:TimeZone", office.TimeZone),
            new KeyValuePair<string, string?>($"Coordination:Offices:{i}:Capacity", office.Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        });
}
