using Coordination.Grains.Rules;

namespace Coordination.Domain.Tests;

/// <summary>A rule file with a mistake is refused as a whole, with the line of the mistake and what is wrong.</summary>
public sealed class MalformedRuleFileTests
{
    private const string Good = """
        rules:
          - id: consent-exit-clearance
            on: ConsentRecorded
            do:
              - refer: ExitClearance
        """;

    public static TheoryData<string, int, string> Mistakes() => new()
    {
        { Good.Replace("ConsentRecorded", "ConsentGiven"), 3, "'ConsentGiven' is not an event" },
        { Good.Replace("refer: ExitClearance", "refer: Exit"), 5, "'Exit' is not a referral kind" },
        { Good.Replace("refer: ExitClearance", "refer: Transfer"), 5, "cannot open a Transfer referral" },
        { Good.Replace("refer: ExitClearance", "launch: rockets"), 5, "an action is exactly one of" },
        { Good.Replace("    on: ConsentRecorded\n", "    on: ConsentRecorded\n    colour: blue\n"), 4, "'colour' is not a key of a rule" },
        { Good + "\n    when:\n      nationality: ZZZ\n", 7, "'ZZZ' is not an ISO 3166-1 alpha-3 country code" },
        { Good + "\n    when:\n      nationality: neighbours\n", 7, "'neighbours' is neither a country code nor a list" },
        { Good + "\n    when:\n      minor: perhaps\n", 7, "minor is true or false" },
        { Good + "\n    offAt: [ACA, XYZ]\n", 6, "there is no office 'XYZ'" },
        { Good + "\n  - id: consent-exit-clearance\n    on: ConsentRecorded\n    do: [ { hold: waiting } ]\n", 6, "the id 'consent-exit-clearance' is used by another rule" },
        { Good.Replace("id: consent-exit-clearance", "id: Consent Exit"), 2, "lower-case letters, digits and dashes" },
        { Good.Replace("    do:\n", "    do: [\n"), 5, "not valid YAML" },
        { Good + "\n    do2: [x]\n", 6, "'do2' is not a key of a rule" },
        { "rules:\n  - id: a\n    on: ReferralOverdue\n    do:\n      - refer: Protection\n        to: INM\n", 6, "'INM' is not a configured protection authority" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_mistake_is_refused_with_its_line_and_the_problem(string yaml, int line, string problem)
    {
        var refused = Assert.Throws<RuleFileException>(() => RuleFiles.Parse(yaml));
        Assert.Equal(line, refused.Line);
        Assert.Contains(problem, refused.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_good_file_the_mistakes_were_made_in_is_read()
    {
        var rule = Assert.Single(RuleFiles.Parse(Good));
        Assert.Equal(("consent-exit-clearance", "ConsentRecorded", 2), (rule.Id, rule.On, rule.Line));
    }
}
