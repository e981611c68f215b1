using Coordination.Grains.Interfaces.Errors;

namespace Coordination.Grains;

/// <summary>Free text that histories keep (reasons, notes, summaries): bounded, without control characters other than line breaks and tabs.</summary>
public static class FreeText
{
    public const int MaxLength = Interfaces.Cases.TextRules.MaxFreeText;

    /// <summary>Refuses text that is too long or holds control characters, naming the field.</summary>
    public static void Check(string? value, string field)
    {
        if (value is null)
        {
            return;
        }
        if (value.Length > MaxLength)
        {
            throw new InvalidCaseDataException(new Dictionary<string, string[]> { [field] = [$"At most {MaxLength} characters."] });
        }
        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            throw new InvalidCaseDataException(new Dictionary<string, string[]> { [field] = ["Control characters are not allowed."] });
        }
    }

    /// <summary>Refuses missing or blank text with <paramref name="message"/>, then checks it.</summary>
    public static void Require(string? value, string field, string message)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidCaseDataException(new Dictionary<string, string[]> { [field] = [message] });
        }
        Check(value, field);
    }
}
