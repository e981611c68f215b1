using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Coordination.Grains.Cases;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.ReferenceData;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Interfaces.Rules;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Coordination.Grains.Rules;

/// <summary>A rule file that cannot be used: the line (1-based) and the problem.</summary>
public sealed class RuleFileException(int line, string problem) : Exception($"line {line}: {problem}")
{
    public int Line { get; } = line;
    public string Problem { get; } = problem;
}

/// <summary>
/// Reads the referral workflow rule file (YAML). Every problem names its line: an unknown event,
/// fact or action, a value of the wrong kind, a duplicate id. The whole file is refused on the
/// first problem, so the rules in force are always a whole file that was read without one.
/// </summary>
public static partial class RuleFileParser
{
    /// <summary>What rules may be triggered by: every case event by its name, and a referral becoming overdue.</summary>
    public const string ReferralOverdue = RuleEvents.ReferralOverdue;

    /// <summary>Every case event by its name (the same list as <see cref="RuleEvents.All"/>, which a test holds to it).</summary>
    public static readonly IReadOnlySet<string> Events = typeof(CaseEvent).GetCustomAttributes<JsonDerivedTypeAttribute>()
        .Select(a => (string)a.TypeDiscriminator!).Append(ReferralOverdue).ToHashSet(StringComparer.Ordinal);

    private static readonly string[] RuleKeys = ["id", "name", "on", "when", "do", "enabled", "offAt", "once"];
    private static readonly string[] ConditionKeys = ["status", "office", "nationality", "vulnerability", "minor", "travelDocumentReady", "clearanceAccepted", "referralKind", "referralStatus"];

    /// <param name="text">The file's text.</param>
    /// <param name="offices">Office codes that may be named.</param>
    /// <param name="protectionRecipients">Authorities a Protection referral may go to.</param>
    public static IReadOnlyList<RuleDefinition> Parse(string text, IReadOnlySet<string> offices, IReadOnlySet<string> protectionRecipients)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new RuleFileException(LineOf(e.Start), $"not valid YAML: {Innermost(e).Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return [];
        }
        var root = Mapping(stream.Documents[0].RootNode, "the file");
        Only(root, ["lists", "rules"], "the file");
        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (Find(root, "lists") is { } listsNode)
        {
            foreach (var (key, value) in Mapping(listsNode, "lists").Children)
            {
                lists[Scalar(key, "a list's name")] = [.. Sequence(value, "a list").Select(n => Country(n))];
            }
        }
        var rules = new List<RuleDefinition>();
        if (Find(root, "rules") is { } rulesNode)
        {
            foreach (var node in Sequence(rulesNode, "rules"))
            {
                var rule = Rule(node, lists, offices, protectionRecipients);
                if (rules.Any(r => r.Id == rule.Id))
                {
                    throw new RuleFileException(rule.Line, $"the id '{rule.Id}' is used by another rule");
                }
                rules.Add(rule);
            }
        }
        return rules;
    }

    private static RuleDefinition Rule(YamlNode node, Dictionary<string, IReadOnlyList<string>> lists, IReadOnlySet<string> offices, IReadOnlySet<string> recipients)
    {
        var map = Mapping(node, "a rule");
        Only(map, RuleKeys, "a rule");
        var id = Scalar(Require(map, "id", "a rule"), "id");
        if (!IdPattern().IsMatch(id))
        {
            throw new RuleFileException(LineOf(Find(map, "id")!), $"the id '{id}' must be lower-case letters, digits and dashes (at most 64)");
        }
        var name = Find(map, "name") is { } n ? Scalar(n, "name") : id;
        var onNode = Require(map, "on", "a rule");
        var on = Scalar(onNode, "on");
        if (!Events.Contains(on))
        {
            throw new RuleFileException(LineOf(onNode), $"'{on}' is not an event rules can be triggered by ({string.Join(", ", Events.Order(StringComparer.Ordinal))})");
        }
        var when = Find(map, "when") is { } whenNode ? Condition(whenNode, lists, offices) : RuleCondition.Always;
        var doNode = Require(map, "do", "a rule");
        var actions = Sequence(doNode, "do").Select(a => Action(a, recipients)).ToList();
        if (actions.Count == 0)
        {
            throw new RuleFileException(LineOf(doNode), "a rule needs at least one action");
        }
        var enabled = Find(map, "enabled") is not { } e || Bool(e, "enabled");
        var offAt = Find(map, "offAt") is { } off ? Sequence(off, "offAt").Select(o => Office(o, offices)).ToList() : [];
        var once = false;
        if (Find(map, "once") is { } onceNode)
        {
            once = Scalar(onceNode, "once") switch
            {
                "perEvent" => false,
                "perCase" => true,
                var other => throw new RuleFileException(LineOf(onceNode), $"once is perEvent or perCase, not '{other}'"),
            };
        }
        return new RuleDefinition(id, name, on, when, actions, enabled, offAt, once, LineOf(node));
    }

    private static RuleCondition Condition(YamlNode node, Dictionary<string, IReadOnlyList<string>> lists, IReadOnlySet<string> offices)
    {
        var map = Mapping(node, "when");
        Only(map, ConditionKeys, "when");
        var condition = RuleCondition.Always;
        foreach (var (keyNode, value) in map.Children)
        {
            condition = ((YamlScalarNode)keyNode).Value switch
            {
                "status" => condition with { Status = Many(value, v => Enum<CaseStatus>(v, "a case status")) },
                "office" => condition with { Offices = Many(value, v => Office(v, offices)) },
                "nationality" => condition with { Nationalities = Nationalities(value, lists) },
                "vulnerability" => condition with { AnyVulnerability = Many(value, v => Enum<VulnerabilityFlag>(v, "a vulnerability flag")) },
                "minor" => condition with { Minor = Bool(value, "minor") },
                "travelDocumentReady" => condition with { TravelDocumentReady = Bool(value, "travelDocumentReady") },
                "clearanceAccepted" => condition with { ClearanceAccepted = Bool(value, "clearanceAccepted") },
                "referralKind" => condition with { ReferralKinds = Many(value, v => Enum<ReferralKind>(v, "a referral kind")) },
                "referralStatus" => condition with { ReferralStatuses = Many(value, v => Enum<ReferralStatus>(v, "a referral status")) },
                _ => condition,
            };
        }
        return condition;
    }

    private static RuleAction Action(YamlNode node, IReadOnlySet<string> recipients)
    {
        var map = Mapping(node, "an action");
        var kinds = new[] { "refer", "escalate", "notify", "hold", "flagForReview" };
        var present = kinds.Where(k => Find(map, k) is not null).ToList();
        if (present.Count != 1)
        {
            throw new RuleFileException(LineOf(node), $"an action is exactly one of {string.Join(", ", kinds)}");
        }
        Only(map, [present[0], "to", "reason"], $"a {present[0]} action");
        var value = Find(map, present[0])!;
        var reason = Find(map, "reason") is { } r ? Text(r, "reason") : null;
        switch (present[0])
        {
            case "refer":
                var kind = Enum<ReferralKind>(value, "a referral kind");
                if (kind is ReferralKind.Transfer or ReferralKind.Intake)
                {
                    throw new RuleFileException(LineOf(value), $"a rule cannot open a {kind} referral (only ExitClearance, TravelDocument, ChildProtection, Protection)");
                }
                string? to = null;
                if (Find(map, "to") is { } toNode)
                {
                    to = Scalar(toNode, "to");
                    if (kind != ReferralKind.Protection || !recipients.Contains(to))
                    {
                        throw new RuleFileException(LineOf(toNode), kind == ReferralKind.Protection
                            ? $"'{to}' is not a configured protection authority ({string.Join(", ", recipients.Order(StringComparer.Ordinal))})"
                            : $"a {kind} referral goes to its usual counterpart; 'to' is only for Protection");
                    }
                }
                return new RuleAction(RuleActionKind.Refer, ReferralKind: kind, To: to);
            case "escalate":
                var level = Scalar(value, "escalate");
                return new RuleAction(RuleActionKind.Escalate, Level: level == "chain" ? null : Enum<EscalationLevel>(value, "an escalation level or 'chain'"), Reason: reason);
            case "notify":
                var subscriber = Scalar(value, "notify");
                if (!IdPattern().IsMatch(subscriber))
                {
                    throw new RuleFileException(LineOf(value), $"a subscriber's name ('{subscriber}') is lower-case letters, digits and dashes");
                }
                return new RuleAction(RuleActionKind.Notify, Subscriber: subscriber, Reason: reason);
            case "hold":
                return new RuleAction(RuleActionKind.Hold, Reason: Text(value, "hold"));
            default:
                return new RuleAction(RuleActionKind.FlagForReview, Reason: Text(value, "flagForReview"));
        }
    }

    private static IReadOnlyList<string> Nationalities(YamlNode node, Dictionary<string, IReadOnlyList<string>> lists)
    {
        if (node is YamlScalarNode { Value: { } name } && name.Length != 3)
        {
            return lists.TryGetValue(name, out var list)
                ? list
                : throw new RuleFileException(LineOf(node), $"'{name}' is neither a country code nor a list declared under 'lists'");
        }
        return Many(node, n => Country(n));
    }

    private static string Country(YamlNode node)
    {
        var code = Scalar(node, "a country");
        return Countries.IsKnown(code) ? code : throw new RuleFileException(LineOf(node), $"'{code}' is not an ISO 3166-1 alpha-3 country code");
    }

    private static string Office(YamlNode node, IReadOnlySet<string> offices)
    {
        var code = Scalar(node, "an office");
        return offices.Contains(code) ? code : throw new RuleFileException(LineOf(node), $"there is no office '{code}' ({string.Join(", ", offices.Order(StringComparer.Ordinal))})");
    }

    private static IReadOnlyList<T> Many<T>(YamlNode node, Func<YamlNode, T> one) => node is YamlSequenceNode sequence ? [.. sequence.Children.Select(one)] : [one(node)];

    private static T Enum<T>(YamlNode node, string what) where T : struct, Enum
    {
        var text = Scalar(node, what);
        return System.Enum.TryParse<T>(text, ignoreCase: false, out var value) && System.Enum.IsDefined(value) && !char.IsDigit(text[0])
            ? value
            : throw new RuleFileException(LineOf(node), $"'{text}' is not {what} ({string.Join(", ", System.Enum.GetNames<T>())})");
    }

    private static bool Bool(YamlNode node, string what) => Scalar(node, what) switch
    {
        "true" => true,
        "false" => false,
        var other => throw new RuleFileException(LineOf(node), $"{what} is true or false, not '{other}'"),
    };

    private static string Text(YamlNode node, string what)
    {
        var text = Scalar(node, what).Trim();
        return text.Length is > 0 and <= 200 && !text.Any(char.IsControl)
            ? text
            : throw new RuleFileException(LineOf(node), $"{what} is 1 to 200 characters without control characters");
    }

    private static string Scalar(YamlNode node, string what) => node is YamlScalarNode { Value: { Length: > 0 } value }
        ? value
        : throw new RuleFileException(LineOf(node), $"{what} must be a single value");

    private static YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw new RuleFileException(LineOf(node), $"{what} must be a mapping of keys to values");

    private static IEnumerable<YamlNode> Sequence(YamlNode node, string what) =>
        (node as YamlSequenceNode ?? throw new RuleFileException(LineOf(node), $"{what} must be a list")).Children;

    private static YamlNode? Find(YamlMappingNode map, string key) =>
        map.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: var k } && k == key).Value;

    private static YamlNode Require(YamlMappingNode map, string key, string what) =>
        Find(map, key) ?? throw new RuleFileException(LineOf(map), $"{what} needs '{key}'");

    private static void Only(YamlMappingNode map, string[] keys, string what)
    {
        foreach (var key in map.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } name } || !keys.Contains(name))
            {
                throw new RuleFileException(LineOf(key), $"'{(key as YamlScalarNode)?.Value}' is not a key of {what} ({string.Join(", ", keys)})");
            }
        }
    }

    private static int LineOf(YamlNode node) => LineOf(node.Start);

    private static int LineOf(Mark mark) => (int)Math.Max(1, mark.Line);

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();
}
