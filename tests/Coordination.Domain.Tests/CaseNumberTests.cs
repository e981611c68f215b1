using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Domain.Tests;

public sealed class CaseNumberTests
{
    [Fact]
    public void A_case_number_prints_office_year_and_a_six_digit_sequence()
    {
        Assert.Equal("ACA-2026-000123", new CaseNumber("ACA", 2026, 123).ToString());
    }

    [Fact]
    public void Sequences_beyond_six_digits_widen_instead_of_wrapping()
    {
        var number = new CaseNumber("MEX", 2026, 1_234_567);

        Assert.Equal("MEX-2026-1234567", number.ToString());
        Assert.True(CaseNumber.TryParse("MEX-2026-1234567", out var parsed));
        Assert.Equal(number, parsed);
    }

    [Theory]
    [InlineData("ACA-2026-000123")]
    [InlineData("CJS-2030-999999")]
    public void The_printed_form_parses_back_to_the_same_number(string text)
    {
        Assert.True(CaseNumber.TryParse(text, out var number));
        Assert.Equal(text, number.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("aca-2026-000123")]
    [InlineData("ACA-2026-123")]
    [InlineData("ACA-26-000123")]
    [InlineData("ACA-2026-000000")]
    [InlineData("ACA-2026-0000123")]
    [InlineData("ACA-1999-000001")]
    [InlineData("ACA-2026-00012a")]
    [InlineData("ACA-2026-000123-1")]
    [InlineData("ACAX-2026-000123")]
    [InlineData("ACA-2026-99999999999")]
    public void Anything_but_the_canonical_form_is_not_a_case_number(string? text)
    {
        Assert.False(CaseNumber.TryParse(text, out _));
    }
}
