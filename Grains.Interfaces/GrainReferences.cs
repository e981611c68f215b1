using System.Runtime.CompilerServices;

namespace Coordination.Grains.Interfaces;

/// <summary>
/// <c>GetGrain</c> for actors keyed by a string (a case number, an office code, a referral id)
/// that resolves the actor's grain type and interface type once per grain factory instead of on
/// every call. Orleans 10's <c>GetGrain&lt;T&gt;(key)</c> reads the interface's attributes and
/// formats its type name by reflection each time: about 5 µs, a twentieth of the silo's CPU for a
/// case read through the API (measured with <c>./bench.sh --only reads --trace</c>). The reference
/// made here is the one <c>GetGrain</c> makes: same grain id, same interface, same proxy.
/// </summary>
public static class GrainReferences
{
    public static TGrain GetGrainByKey<TGrain>(this IGrainFactory grains, string key) where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var types = TypesOf<TGrain>.ByFactory.GetValue(grains, Resolve<TGrain>);
        return (TGrain)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    private static GrainTypes Resolve<TGrain>(IGrainFactory grains) where TGrain : IGrainWithStringKey
    {
        // Orleans' own resolution, once: any key gives the same types.
        var sample = (GrainReference)(object)grains.GetGrain<TGrain>("type-of");
        return new GrainTypes(sample.GrainId.Type, sample.InterfaceType);
    }

    private sealed record GrainTypes(GrainType Grain, GrainInterfaceType Interface);

    /// <summary>Per interface, per factory: a test process may hold several clusters, each with its own manifest.</summary>
    private static class TypesOf<TGrain>
    {
        public static readonly ConditionalWeakTable<IGrainFactory, GrainTypes> ByFactory = new();
    }
}
