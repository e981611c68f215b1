using System.Globalization;
using System.Text;

namespace Coordination.Grains.Interfaces.Cases;

/// <summary>Folds names for matching and search: case, accents and spacing do not make two people different.</summary>
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

/// <summary>Document numbers as they are compared: letters and digits only, upper case.</summary>
public static class DocumentNumbers
{
    /// <summary>"E-123 456" and "e123456" are the same document number.</summary>
    public static string Normalize(string number) =>
        new(number.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
}
