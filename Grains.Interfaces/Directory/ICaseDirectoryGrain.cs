namespace Coordination.Grains.Interfaces.Directory;

/// <summary>What a check of the case directory found and repaired.</summary>
/// <param name="CasesScanned">Cases read from the grains' stored state.</param>
/// <param name="EntriesRepaired">Directory rows that were missing or older than their case.</param>
/// <param name="EntriesRemoved">Directory rows whose case has no stored state.</param>
[GenerateSerializer, Immutable, Alias("Coordination.CaseDirectoryCheck")]
public sealed record CaseDirectoryCheck(
    [property: Id(0)] int CasesScanned,
    [property: Id(1)] int EntriesRepaired,
    [property: Id(2)] int EntriesRemoved);

/// <summary>Maintenance of the case directory read model. Use key 0.</summary>
public interface ICaseDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Compares the directory with every case's stored state and repairs what drifted.</summary>
    Task<CaseDirectoryCheck> CheckAndRepairAsync();
}
