using System.Text.RegularExpressions;
using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Contract.Tests;

/// <summary>
/// The patterns the OpenAPI document declares for ids accept exactly what the code's own checks
/// accept, over ids of every shape near the valid ones, so that the two cannot drift apart.
/// </summary>
public sealed class DeclaredPatternTests
{
    private static readonly string[] Near =
    [
        "", " ", "A", "AC", "ACA", "ACAX", "aca", "Aca", "A1A", "AC-", "ACA ", " ACA", "ACA\n", "INM", "DIF", "CNDH", "CONS-HND", "-", "--",
        new string('C', 20), new string('C', 21), "CONS_HND", "cons-hnd",
        "ACA-2026-000123", "ACA-2026-000001", "ACA-2026-000000", "ACA-2026-00123", "ACA-2026-0000123", "ACA-2026-1234567", "ACA-1999-000123",
        "ACA-2000-000001", "ACA-9999-999999", "ACA-2026-123456789", "aca-2026-000123", "AC-2026-000123", "ACA-26-000123", "ACA-2026-000123 ",
        "ACA-2026-000123-R01", "ACA-2026-000123-R1", "ACA-2026-000123-R001", "ACA-2026-000123-R", "ACA-2026-000123-RX1", "ACA-2026-00123-R01",
        "INTAKE-0123456789ABCDEF0123", "INTAKE-0123456789abcdef0123", "INTAKE-0123456789ABCDEF012", "INTAKE-0123456789ABCDEF01234", "INTAKE-",
        "ACA-2026-000123-R" + new string('1', 45), "ACA-2026-000123-R" + new string('1', 46),
    ];

    public static TheoryData<string> Ids() => [.. Near];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_declared_id_pattern_accepts_what_its_check_accepts(string id)
    {
        Assert.Equal(OfficeCodes.IsWellFormed(id), Matches(OfficeCodes.Pattern, id));
        Assert.Equal(AuthorityCodes.IsWellFormed(id), Matches(AuthorityCodes.Pattern, id));
        Assert.Equal(CaseNumber.TryParse(id, out _), Matches(CaseNumber.Pattern, id));
        Assert.Equal(ReferralIds.IsWellFormed(id), Matches(ReferralIds.Pattern, id) && id.Length <= ReferralIds.MaxLength);
    }

    // As JSON Schema reads a pattern (ECMA-262): $ is the end of the text, not before a final line break.
    private static bool Matches(string pattern, string value) =>
        Regex.IsMatch(value, pattern.EndsWith('$') ? pattern[..^1] + @"\z" : pattern, RegexOptions.ECMAScript);
}
