namespace Coordination.Grains.Interfaces.ReferenceData;

public static partial class Countries
{
    /// <summary>
    /// The shape of a code the API accepts (ECMA-262 pattern): three letters in any case, which must
    /// then be a known code once upper-cased (the list is too long for the contract to repeat).
    /// </summary>
    public const string CodePattern = "^[A-Za-z]{3}$";

    /// <summary>True when <paramref name="code"/> is an ISO 3166-1 alpha-3 code (upper case).</summary>
    public static bool IsKnown(string? code) => code is not null && NamesByCode.ContainsKey(code);

    /// <summary>The English name of a country, or null for an unknown code.</summary>
    public static string? NameOf(string code) => NamesByCode.GetValueOrDefault(code);
}
