namespace Coordination.Grains.Interfaces.Errors;

/// <summary>Case data broke a rule; <see cref="Errors"/> names each bad field and what is wrong with it.</summary>
[GenerateSerializer, Alias("Coordination.InvalidCaseDataException")]
public sealed class InvalidCaseDataException : CoordinationException
{
    public InvalidCaseDataException(IReadOnlyDictionary<string, string[]> errors)
        : base("The case data is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
    {
        Errors = errors;
    }

    /// <summary>Field name (camelCase, dotted for nested fields) to the problems found in it.</summary>
    [Id(0)]
    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
