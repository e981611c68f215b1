using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Grains.Interfaces.Referrals;

/// <summary>What a referral is created with.</summary>
/// <param name="Kind">The kind of handshake.</param>
/// <param name="CaseNumber">The case it is about; null for an intake, which creates the case.</param>
/// <param name="From">The sender: an office code, or <c>INM</c> for an intake.</param>
/// <param name="To">The counterpart: an authority code (INM, DIF, CNDH, CONS-HND...) or an office code.</param>
/// <param name="Subject">The migrant's data the kind needs.</param>
/// <param name="Intake">The registration an intake asks the office to make.</param>
/// <param name="ConsentToShare">True when the migrant consented to share the data with this recipient.</param>
/// <param name="ConsentOverriddenBy">The supervisor who overrode a missing consent, if any.</param>
/// <param name="Note">Free text for the counterpart.</param>
/// <param name="SentBy">Who sent it.</param>
[GenerateSerializer, Immutable, Alias("Coordination.ReferralRequest")]
public sealed record ReferralRequest(
    [property: Id(0)] ReferralKind Kind,
    [property: Id(1)] string? CaseNumber,
    [property: Id(2)] string From,
    [property: Id(3)] string To,
    [property: Id(4)] ReferralSubject Subject,
    [property: Id(5)] CaseRegistration? Intake,
    [property: Id(6)] bool ConsentToShare,
    [property: Id(7)] string? ConsentOverriddenBy,
    [property: Id(8)] string? Note,
    [property: Id(9)] string SentBy);

/// <summary>A referral as its case requested it: the request and when it was made (the SLA counts from then).</summary>
[GenerateSerializer, Immutable, Alias("Coordination.CaseReferralRequest")]
public sealed record CaseReferralRequest(
    [property: Id(0)] ReferralRequest Request,
    [property: Id(1)] DateTimeOffset RequestedAt);
