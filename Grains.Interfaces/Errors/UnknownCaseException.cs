namespace Coordination.Grains.Interfaces.Errors;

/// <summary>No case was registered under this number.</summary>
[GenerateSerializer, Alias("Coordination.UnknownCaseException")]
public sealed class UnknownCaseException : CoordinationException
{
    public UnknownCaseException(string caseNumber)
        : base($"There is no case '{caseNumber}'.")
    {
        CaseNumber = caseNumber;
    }

    [Id(0)] public string CaseNumber { get; }
}
