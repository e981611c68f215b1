using Coordination.Grains.Interfaces.Directory;

namespace Coordination.Grains.Directory;

/// <summary>Rebuilds the case directory from the cases' stored state (implemented next to the storage).</summary>
public interface ICaseDirectoryRepair
{
    Task<CaseDirectoryCheck> CheckAndRepairAsync(CancellationToken cancellationToken = default);
}
