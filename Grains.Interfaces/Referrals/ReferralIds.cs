using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Grains.Interfaces.Referrals;

/// <summary>
/// The two shapes of a referral's id (and its grain key): a case's referral, <c>ACA-2026-000123-R01</c>
/// (the case number and the case's sequence of referrals), and an INM intake, <c>INTAKE-</c> followed
/// by 20 upper-case hexadecimal digits.
/// </summary>
public static class ReferralIds
{
    /// <summary>The longest id <see cref="IsWellFormed"/> accepts.</summary>
    public const int MaxLength = 64;

    /// <summary>The shapes <see cref="IsWellFormed"/> accepts (with <see cref="MaxLength"/>), as an ECMA-262 pattern for the API's contract.</summary>
    public const string Pattern = "^(?:INTAKE-[0-9A-F]{20}|" + CaseNumber.Body + "-R[0-9]{2,})$";

    private const string IntakePrefix = "INTAKE-";
    private const int IntakeDigits = 20;

    public static bool IsWellFormed(string? id)
    {
        if (id is null || id.Length > MaxLength)
        {
            return false;
        }
        if (id.StartsWith(IntakePrefix, StringComparison.Ordinal))
        {
            var digits = id.AsSpan(IntakePrefix.Length);
            return digits.Length == IntakeDigits && !digits.ContainsAnyExcept("0123456789ABCDEF");
        }
        var marker = id.LastIndexOf("-R", StringComparison.Ordinal);
        return marker > 0
            && CaseNumber.TryParse(id[..marker], out _)
            && id.Length - marker - 2 >= 2
            && id.AsSpan(marker + 2).ContainsAnyExcept("0123456789") is false;
    }
}
