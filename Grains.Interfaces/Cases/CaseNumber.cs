using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;
using Coordination.Grains.Interfaces.Offices;

namespace Coordination.Grains.Interfaces.Cases;

/// <summary>
/// A case number such as <c>ACA-2026-000123</c>: the registering office's code, the year of
/// registration and the office's sequence within that year. It is also the case grain's key.
/// </summary>
[GenerateSerializer, Immutable, Alias("Coordination.CaseNumber")]
[JsonConverter(typeof(CaseNumberJsonConverter))]
public readonly record struct CaseNumber
{
    /// <summary>Sequences are printed with at least this many digits.</summary>
    public const int SequenceDigits = 6;

    /// <summary>
    /// The canonical spellings <see cref="TryParse"/> accepts, as an ECMA-262 pattern for the API's contract: a year from
    /// 2000, a sequence from 1 padded to six digits (up to nine digits, well within an int).
    /// </summary>
    public const string Pattern = "^" + Body + "$";

    /// <summary><see cref="Pattern"/> without its anchors, for patterns that embed a case number.</summary>
    public const string Body = "[A-Z]{3}-[2-9][0-9]{3}-(?!000000)(?:[0-9]{6}|[1-9][0-9]{6,8})";

    public CaseNumber(string officeCode, int year, int sequence)
    {
        if (!OfficeCodes.IsWellFormed(officeCode))
        {
            throw new ArgumentException($"'{officeCode}' is not an office code.", nameof(officeCode));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 2000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        OfficeCode = officeCode;
        Year = year;
        Sequence = sequence;
    }

    [Id(0)] public string OfficeCode { get; }
    [Id(1)] public int Year { get; }
    [Id(2)] public int Sequence { get; }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{OfficeCode}-{Year:D4}-{Sequence.ToString("D" + SequenceDigits, CultureInfo.InvariantCulture)}");

    /// <summary>Parses the printed form; anything else is not a case number.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out CaseNumber caseNumber)
    {
        caseNumber = default;
        if (text is null)
        {
            return false;
        }
        var parts = text.Split('-');
        if (parts.Length != 3
            || !OfficeCodes.IsWellFormed(parts[0])
            || parts[1].Length != 4 || !parts[1].All(char.IsAsciiDigit)
            || parts[2].Length < SequenceDigits || !parts[2].All(char.IsAsciiDigit))
        {
            return false;
        }
        var year = int.Parse(parts[1], CultureInfo.InvariantCulture);
        if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || year < 2000 || sequence < 1)
        {
            return false;
        }
        caseNumber = new CaseNumber(parts[0], year, sequence);
        // Only the canonical spelling names a case: "ACA-2026-0000123" is not ACA-2026-000123.
        return caseNumber.ToString() == text;
    }
}
