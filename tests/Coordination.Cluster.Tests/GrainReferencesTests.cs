using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>
/// <see cref="GrainReferences.GetGrainByKey{TGrain}"/> resolves an actor's types once and then makes
/// references itself: they must be the references Orleans' <c>GetGrain</c> makes, for every kind of
/// string-keyed actor, and reach the same activation.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainReferencesTests(ClusterFixture fixture)
{
    [Fact]
    public void A_reference_by_key_is_the_reference_GetGrain_makes_for_every_string_keyed_actor()
    {
        var grains = fixture.Client;
        AssertSame(grains.GetGrain<ICaseGrain>("ACA-2026-000001"), grains.GetGrainByKey<ICaseGrain>("ACA-2026-000001"));
        AssertSame(grains.GetGrain<IOfficeGrain>("TAP"), grains.GetGrainByKey<IOfficeGrain>("TAP"));
        AssertSame(grains.GetGrain<IReferralGrain>("REF-1"), grains.GetGrainByKey<IReferralGrain>("REF-1"));
        AssertSame(grains.GetGrain<IAuthorityLiaisonGrain>("INM"), grains.GetGrainByKey<IAuthorityLiaisonGrain>("INM"));
        // A second call takes the cached types: still the same reference, and another key is another actor.
        AssertSame(grains.GetGrain<ICaseGrain>("TAP-2026-000002"), grains.GetGrainByKey<ICaseGrain>("TAP-2026-000002"));
        Assert.NotEqual(grains.GetGrainByKey<ICaseGrain>("ACA-2026-000001").GetGrainId(), grains.GetGrainByKey<ICaseGrain>("TAP-2026-000002").GetGrainId());
    }

    [Fact]
    public async Task A_case_registered_through_one_reference_reads_back_through_the_other()
    {
        var grains = fixture.Client;
        var registered = await grains.GetGrainByKey<IOfficeGrain>("MEX").RegisterCaseAsync(Registrations.Valid(), Staff.Caseworker("MEX") with { OperationId = Guid.NewGuid().ToString("N") });

        var byKey = await grains.GetGrainByKey<ICaseGrain>(registered.CaseNumber.ToString()).GetAsync();
        var byGetGrain = await grains.GetGrain<ICaseGrain>(registered.CaseNumber.ToString()).GetAsync();

        Assert.Equivalent(registered, byKey, strict: true);
        Assert.Equivalent(byGetGrain, byKey, strict: true);
    }

    [Fact]
    public void An_empty_key_is_refused_as_GetGrain_refuses_it()
    {
        Assert.ThrowsAny<ArgumentException>(() => fixture.Client.GetGrainByKey<ICaseGrain>(""));
        Assert.ThrowsAny<ArgumentException>(() => fixture.Client.GetGrain<ICaseGrain>(""));
    }

    private static void AssertSame<TGrain>(TGrain expected, TGrain actual) where TGrain : IAddressable
    {
        var (e, a) = ((GrainReference)(object)expected, (GrainReference)(object)actual);
        Assert.Equal(e.GrainId, a.GrainId);
        Assert.Equal(e.InterfaceType, a.InterfaceType);
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected, actual);
    }
}
