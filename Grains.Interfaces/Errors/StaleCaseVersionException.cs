namespace Coordination.Grains.Interfaces.Errors;

/// <summary>A command expected an earlier version of the case: someone changed it in between.</summary>
[GenerateSerializer, Alias("Coordination.StaleCaseVersionException")]
public sealed class StaleCaseVersionException : CoordinationException
{
    public StaleCaseVersionException(string caseNumber, int expectedVersion, int currentVersion)
        : base($"Case {caseNumber} is at version {currentVersion}, not {expectedVersion}: read it again and decide anew.")
    {
        CaseNumber = caseNumber;
        ExpectedVersion = expectedVersion;
        CurrentVersion = currentVersion;
    }

    [Id(0)] public string CaseNumber { get; }
    [Id(1)] public int ExpectedVersion { get; }
    [Id(2)] public int CurrentVersion { get; }
}
