namespace Coordination.Grains.Interfaces.ReferenceData;

public static partial class Languages
{
    /// <summary>
    /// The shape of a code the API accepts (ECMA-262 pattern): two or three letters in any case, which
    /// must then be a known code once lower-cased (the list is too long for the contract to repeat).
    /// </summary>
    public const string CodePattern = "^[A-Za-z]{2,3}$";

    private static readonly HashSet<string> Codes =
        new(AllCodes.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    /// <summary>
    /// True when <paramref name="code"/> is an ISO 639-1 (two letters) or ISO 639-3 (three letters)
    /// code in lower case. ISO 639-3 is needed because many migrants speak Mayan languages
    /// (Mam <c>mam</c>, K'iche' <c>quc</c>) that ISO 639-1 does not list.
    /// </summary>
    public static bool IsKnown(string? code) => code is not null && Codes.Contains(code);
}
