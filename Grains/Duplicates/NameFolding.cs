using System.Globalization;
using System.Text;

namespace Coordination.Grains.Duplicates;

/// <summary>Folds names for matching: case, accents and spacing do not make two people different.</summary>
public static class NameFolding
{
    /// <summary>"  José  MARÍA Núñez" becomes "jose maria nunez".</summary>
    public static string Fold(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }
        return string.Join(' ', builder.ToString().Normalize(NormalizationForm.FormC)
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
