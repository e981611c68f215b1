using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Grains.Interfaces.Referrals;

/// <summary>
/// The migrant's data a referral carries: only what its kind needs. A consulate needs the
/// identity to issue a document; INM needs the identity and nationality; DIF and CNDH need the
/// identity and the vulnerabilities; an office taking a transfer needs the whole registration.
/// </summary>
[GenerateSerializer, Immutable, Alias("Coordination.ReferralSubject")]
public sealed record ReferralSubject(
    [property: Id(0)] string GivenNames,
    [property: Id(1)] string FamilyNames,
    [property: Id(2)] DateOnly BirthDate,
    [property: Id(3)] string Nationality,
    [property: Id(4)] Sex? Sex,
    [property: Id(5)] IdentityDocument? Document,
    [property: Id(6)] IReadOnlyList<VulnerabilityFlag> Vulnerabilities,
    [property: Id(7)] IReadOnlyList<string> Languages);
