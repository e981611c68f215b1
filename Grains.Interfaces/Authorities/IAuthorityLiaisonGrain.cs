using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Interfaces.Authorities;

/// <summary>
/// The liaison of an authority (<c>INM</c>, <c>DIF</c>, <c>CNDH</c>, <c>CONS-HND</c>, ...): the inbox of
/// referrals awaiting its answer and its turnaround figures. Authorities are configured, not
/// created: an unconfigured code raises <see cref="Errors.UnknownAuthorityException"/>.
/// </summary>
public interface IAuthorityLiaisonGrain : IGrainWithStringKey
{
    /// <summary>The inbox and turnaround figures, as projected from the event log.</summary>
    Task<AuthoritySnapshot> GetAsync();
}
