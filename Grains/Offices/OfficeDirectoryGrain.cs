using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Offices;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Coordination.Grains.Offices;

/// <summary>Lists the configured offices by asking each office grain for its snapshot.</summary>
[StatelessWorker]
public sealed class OfficeDirectoryGrain(IOptions<OfficeCatalogOptions> catalog) : Grain, IOfficeDirectoryGrain
{
    public async Task<IReadOnlyList<OfficeSnapshot>> ListAsync()
    {
        var snapshots = await Task.WhenAll(catalog.Value.Offices
            .OrderBy(o => o.Code, StringComparer.Ordinal)
            .Select(o => GrainFactory.GetGrainByKey<IOfficeGrain>(o.Code).GetAsync()));
        return snapshots;
    }
}
