using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Grains.Offices;

/// <summary>How an office allots case numbers: one sequence per local calendar year.</summary>
public static class CaseNumberSequence
{
    /// <summary>
    /// The number after (<paramref name="sequenceYear"/>, <paramref name="lastSequence"/>) on
    /// <paramref name="currentYear"/>. If the clock reads an earlier year than the sequence has
    /// seen, the sequence stays in its year rather than reuse numbers of an earlier one.
    /// </summary>
    public static CaseNumber Next(string officeCode, int sequenceYear, int lastSequence, int currentYear) =>
        currentYear > sequenceYear
            ? new CaseNumber(officeCode, currentYear, 1)
            : new CaseNumber(officeCode, sequenceYear, lastSequence + 1);
}
