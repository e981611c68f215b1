namespace Coordination.Grains.Interfaces.Cases;

/// <summary>
/// Bounds of the text a command carries: free text that histories keep (reasons, notes, summaries)
/// and the short fields of a booking. The grains check them; the API's contract declares them.
/// </summary>
public static class TextRules
{
    /// <summary>The longest reason, note or summary.</summary>
    public const int MaxFreeText = 2000;

    /// <summary>Free text: no control characters but line breaks and tabs (ECMA-262 pattern).</summary>
    public const string FreeTextPattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";

    /// <summary>Whether text is within the bounds of free text (no text is).</summary>
    public static bool IsFreeText(string? value) =>
        value is null || (value.Length <= MaxFreeText && !value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')));

    /// <summary>What is wrong with text outside those bounds.</summary>
    public static readonly string FreeTextRule = $"At most {MaxFreeText} characters, without control characters but line breaks and tabs.";

    /// <summary>The longest carrier, itinerary or destination of a booking (after trimming).</summary>
    public const int MaxShortText = 200;

    /// <summary>A booking's text: no control characters at all (ECMA-262 pattern).</summary>
    public const string ShortTextPattern = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$";
}
