using System.Globalization;

namespace Coordination.Api.Problems;

/// <summary>Case versions as entity tags: version 7 is <c>"7"</c>.</summary>
public static class ETags
{
    public static string Of(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// The version an If-Match header expects: null without the header, false when it is not one
    /// of our tags (a list of several, or <c>*</c>, cannot name one version).
    /// </summary>
    public static bool TryExpectedVersion(string? ifMatch, out int? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return true;
        }
        var tag = ifMatch.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal))
        {
            tag = tag[2..];
        }
        if (tag.Length < 3 || tag[0] != '"' || tag[^1] != '"'
            || !int.TryParse(tag[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
        {
            return false;
        }
        version = parsed;
        return true;
    }
}
