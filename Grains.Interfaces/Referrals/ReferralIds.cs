using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Grains.Interfaces.Referrals;

/// <summary>
/// The two shapes of a referral's id (and its grain key): a case's referral, <c>ACA-2026-000123-R01</c>
/// (the case number and the case's sequence of referrals), and an INM intake, <c>INTAKE-</c> followed
/// by 20 upper-case hexadecimal digits.
/// </summary>
public static class ReferralIds
{
    private const string IntakePrefix = "INTAKE-";
    private const int IntakeDigits = 20;

    public static bool IsWellFormed(string? id)
    {
        if (id is null || id.Length > 64)
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
