using Coordination.Grains.Offices;

namespace Coordination.Domain.Tests;

public sealed class CaseNumberSequenceTests
{
    [Fact]
    public void An_office_that_never_registered_a_case_starts_at_one()
    {
        Assert.Equal("ACA-2026-000001", CaseNumberSequence.Next("ACA", 0, 0, 2026).ToString());
    }

    [Fact]
    public void Within_a_year_the_sequence_counts_up_by_one()
    {
        Assert.Equal("TAP-2026-000124", CaseNumberSequence.Next("TAP", 2026, 123, 2026).ToString());
    }

    [Fact]
    public void A_new_year_restarts_the_sequence()
    {
        Assert.Equal("MEX-2027-000001", CaseNumberSequence.Next("MEX", 2026, 5_000, 2027).ToString());
    }

    [Fact]
    public void A_clock_that_reads_an_earlier_year_does_not_reuse_numbers()
    {
        Assert.Equal("CJS-2027-000011", CaseNumberSequence.Next("CJS", 2027, 10, 2026).ToString());
    }
}
