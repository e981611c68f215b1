namespace Coordination.Grains.Interfaces.ReferenceData;

public static partial class Countries
{
    /// <summary>True when <paramref name="code"/> is an ISO 3166-1 alpha-3 code (upper case).</summary>
    public static bool IsKnown(string? code) => code is not null && NamesByCode.ContainsKey(code);

    /// <summary>The English name of a country, or null for an unknown code.</summary>
    public static string? NameOf(string code) => NamesByCode.GetValueOrDefault(code);
}
