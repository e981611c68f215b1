namespace Coordination.Grains.Interfaces.Authorities;

/// <summary>The shape of authority codes such as <c>INM</c>, <c>DIF</c> or <c>CONSUL-COL</c>.</summary>
public static class AuthorityCodes
{
    /// <summary>The shape <see cref="IsWellFormed"/> accepts, as an ECMA-262 pattern for the API's contract.</summary>
    public const string Pattern = "^[A-Z-]{1,20}$";

    /// <summary>Up to 20 upper-case ASCII letters and '-'. Whether such an authority is configured is the catalogue's answer.</summary>
    public static bool IsWellFormed(string? code) =>
        code is { Length: > 0 and <= 20 } && code.All(c => char.IsAsciiLetterUpper(c) || c == '-');
}
