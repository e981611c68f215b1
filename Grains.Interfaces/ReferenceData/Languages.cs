namespace Coordination.Grains.Interfaces.ReferenceData;

public static partial class Languages
{
    private static readonly HashSet<string> Codes =
        new(AllCodes.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    /// <summary>
    /// True when <paramref name="code"/> is an ISO 639-1 (two letters) or ISO 639-3 (three letters)
    /// code in lower case. ISO 639-3 is needed because many migrants speak Mayan languages
    /// (Mam <c>mam</c>, K'iche' <c>quc</c>) that ISO 639-1 does not list.
    /// </summary>
    public static bool IsKnown(string? code) => code is not null && Codes.Contains(code);
}
