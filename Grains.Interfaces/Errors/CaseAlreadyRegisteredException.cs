namespace Coordination.Grains.Interfaces.Errors;

/// <summary>A case number was registered twice by different operations; the first registration stands.</summary>
[GenerateSerializer, Alias("Coordination.CaseAlreadyRegisteredException")]
public sealed class CaseAlreadyRegisteredException : CoordinationException
{
    public CaseAlreadyRegisteredException(string caseNumber)
        : base($"Case {caseNumber} is already registered.")
    {
        CaseNumber = caseNumber;
    }

    /// <summary>The case number that is taken.</summary>
    [Id(0)]
    public string CaseNumber { get; }
}
