using Coordination.Grains.Interfaces.Directory;
using Orleans.Concurrency;

namespace Coordination.Grains.Directory;

/// <summary>Runs a directory check on whichever silo the caller reaches.</summary>
[StatelessWorker(1)]
public sealed class CaseDirectoryGrain(ICaseDirectoryRepair repair) : Grain, ICaseDirectoryGrain
{
    public Task<CaseDirectoryCheck> CheckAndRepairAsync() => repair.CheckAndRepairAsync();
}
