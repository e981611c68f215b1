using Coordination.Grains.Interfaces.Webhooks;
using System.Text.RegularExpressions;
using Coordination.Api.Hosting;
using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.ReferenceData;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Contract.Tests;

/// <summary>
/// Values just inside and just outside each pattern the OpenAPI document may declare. The inside
/// values are also ones the API takes for real (an existing office, a known country), so that only
/// the pattern is tried. Every sample is checked against the pattern itself before it is sent; a
/// pattern the document declares that has no samples here fails the contract tests, so a new
/// pattern cannot go untried.
/// </summary>
internal static class DeclaredSamples
{
    public sealed record Samples(string[] Inside, string[] Outside);

    private static readonly Dictionary<string, Samples> ByPattern = new(StringComparer.Ordinal)
    {
        [OfficeCodes.Pattern] = new(["ACA"], ["AC", "ACAX", "aca", "A1A"]),
        [AuthorityCodes.Pattern] = new(["CNDH"], ["cndh", "CNDH1", new string('C', 21)]),
        [CaseNumber.Pattern] = new(["ACA-2026-000001"], ["ACA-2026-00001", "aca-2026-000001", "ACA-1999-000001", "ACA-2026-000000"]),
        [ReferralIds.Pattern] = new(["ACA-2026-000001-R01", "INTAKE-0123456789ABCDEF0123"], ["ACA-2026-000001-R1", "INTAKE-0123456789abcdef0123", "INTAKE-123"]),
        [CaseRegistrationRules.NamePattern] = new(["María José", "Nguyễn\tVăn"], ["Mar\u0001ía", "Jos\u0090é"]),
        [CaseRegistrationRules.DocumentNumberPattern] = new(["E1234567", "ab-12/3 4"], ["E12_34567", "E12.34", "É1234"]),
        [CaseRegistrationRules.DateFromOldestYearPattern] = new(["1900-01-01", "1994-03-02"], ["1899-12-31", "1994-3-02", "02/03/1994"]),
        [OpenApiInputRules.DatePattern] = new(["2030-06-15"], ["2030-6-15", "15/06/2030", "2030-06-15T10:00:00Z"]),
        [Countries.CodePattern] = new(["HND", "gtm"], ["HN", "HNDX", "H1D"]),
        // Eleven distinct codes: a list of the most the API takes is made of them.
        [Languages.CodePattern] = new(["es", "mam", "QUC", "en", "fr", "ht", "pt", "ar", "zh", "ru", "de", "it"], ["e", "espa", "e5"]),
        [TextRules.FreeTextPattern] = new(["first line\nsecond line\twith a tab"], ["bell \u0007", "escape \u001b[0m"]),
        [TextRules.ShortTextPattern] = new(["Aeromexico"], ["Aero\tmexico", "Aero\u0085mexico"]),
        // The contract fixture's allow-list holds this host (a subscription's URL must be on it).
        [WebhookInputRules.UrlPattern] = new(["https://hooks.example.org/coordination"], ["ftp://hooks.example.org/x", "https://user@hooks.example.org/x", "hooks.example.org/x"]),
        // More distinct names than a subscription may list, for the trial just outside the limit.
        [WebhookInputRules.EventTypePattern] = new(
            ["ConsentRecorded", "*", "ReferralAccepted", .. Enumerable.Range(1, WebhookInputRules.MaxEventTypes + 1).Select(i => $"notification.subscriber-{i}")],
            ["consentRecorded", "notification.Travel", "Consent Recorded", "notification."]),
    };

    /// <summary>The samples of a declared pattern, each checked against it.</summary>
    public static Samples For(string pattern, string where)
    {
        Assert.True(ByPattern.TryGetValue(pattern, out var samples),
            $"{where} declares the pattern {pattern}, which has no samples in DeclaredSamples: add values just inside and just outside it.");
        var regex = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        foreach (var inside in samples.Inside)
        {
            Assert.True(regex.IsMatch(inside), $"The sample '{inside}' should match {pattern}.");
        }
        foreach (var outside in samples.Outside)
        {
            Assert.False(regex.IsMatch(outside), $"The sample '{outside}' should not match {pattern}.");
        }
        return samples;
    }

    /// <summary>A character that repeated fills a text field to a declared length within its pattern.</summary>
    public static char Filler(string? pattern)
    {
        const char filler = 'x';
        if (pattern is not null)
        {
            Assert.Matches(new Regex(pattern), new string(filler, 3));
        }
        return filler;
    }
}
