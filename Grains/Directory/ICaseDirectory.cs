namespace Coordination.Grains.Directory;

/// <summary>
/// Where case grains publish their changes for lists and search. An update that cannot be written
/// is retried until it lands; a rebuild from stored grain state repairs anything a crash lost.
/// </summary>
public interface ICaseDirectory
{
    /// <summary>Completes when the entry is written; faults if the first attempt failed (it is retried in the background).</summary>
    Task PublishAsync(CaseDirectoryEntry entry);
}
