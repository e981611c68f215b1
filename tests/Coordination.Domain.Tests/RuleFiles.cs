using Coordination.Grains.Interfaces.Rules;
using Coordination.Grains.Rules;

namespace Coordination.Domain.Tests;

/// <summary>Reads rule files as the silo does, with the test catalogue's offices and protection authorities.</summary>
internal static class RuleFiles
{
    public static readonly IReadOnlySet<string> Offices = new HashSet<string> { "MEX", "TAP", "TUX", "CJS", "ACA" };
    public static readonly IReadOnlySet<string> ProtectionRecipients = new HashSet<string> { "CNDH", "DIF" };

    public static IReadOnlyList<RuleDefinition> Parse(string yaml) => RuleFileParser.Parse(yaml, Offices, ProtectionRecipients);

    /// <summary>The rule file the silo ships with (Silo/rules.yaml in the repository).</summary>
    public static string Shipped()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "Silo", "rules.yaml");
            if (File.Exists(candidate))
            {
                return File.ReadAllText(candidate);
            }
        }
        throw new FileNotFoundException("Silo/rules.yaml was not found above the test's directory.");
    }
}
