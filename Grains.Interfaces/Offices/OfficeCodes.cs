namespace Coordination.Grains.Interfaces.Offices;

/// <summary>The shape of office codes such as <c>ACA</c>.</summary>
public static class OfficeCodes
{
    /// <summary>The shape <see cref="IsWellFormed"/> accepts, as an ECMA-262 pattern for the API's contract.</summary>
    public const string Pattern = "^[A-Z]{3}$";

    /// <summary>Three upper-case ASCII letters. Whether such an office exists is the office grain's answer.</summary>
    public static bool IsWellFormed(string? code) =>
        code is { Length: 3 } && code.All(char.IsAsciiLetterUpper);
}
