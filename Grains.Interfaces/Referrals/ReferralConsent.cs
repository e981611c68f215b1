namespace Coordination.Grains.Interfaces.Referrals;

/// <summary>
/// The migrant's consent to share their data with a referral's recipient. Without it, only a
/// supervisor may send the referral, giving a reason that the case history keeps.
/// </summary>
/// <param name="Given">The migrant consented to share with this recipient.</param>
/// <param name="OverrideReason">Why a supervisor sends it without consent.</param>
[GenerateSerializer, Immutable, Alias("Coordination.ReferralConsent")]
public sealed record ReferralConsent(
    [property: Id(0)] bool Given,
    [property: Id(1)] string? OverrideReason = null)
{
    public static ReferralConsent Granted { get; } = new(true);
}
