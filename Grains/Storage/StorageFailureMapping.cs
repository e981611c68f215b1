using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Errors;
using Orleans.Storage;

namespace Coordination.Grains.Storage;

/// <summary>
/// Grain storage that answers every failure of the storage it wraps (PostgreSQL unreachable, a
/// write refused) with <see cref="StorageUnavailableException"/>, which can cross a grain boundary
/// and becomes a 503; the driver's own exceptions cannot. A stale write
/// (<see cref="InconsistentStateException"/>) stays what it is.
/// </summary>
public sealed class StorageFailureMapping(IGrainStorage inner) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        MapAsync(() => inner.ReadStateAsync(stateName, grainId, grainState), stateName);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        MapAsync(() => inner.WriteStateAsync(stateName, grainId, grainState), stateName);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        MapAsync(() => inner.ClearStateAsync(stateName, grainId, grainState), stateName);

    private static async Task MapAsync(Func<Task> call, string stateName)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (e is not (InconsistentStateException or StorageUnavailableException))
        {
            throw new StorageUnavailableException(StorageFailures.IsUnavailable(e)
                ? StorageFailures.Describe(e)
                : $"the {stateName} state could not be stored ({e.GetBaseException().Message})");
        }
    }
}
