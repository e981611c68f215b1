namespace Coordination.Grains.Interfaces.Errors;

/// <summary>No referral was sent under this id.</summary>
[GenerateSerializer, Alias("Coordination.UnknownReferralException")]
public sealed class UnknownReferralException : CoordinationException
{
    public UnknownReferralException(string referralId)
        : base($"There is no referral '{referralId}'.")
    {
        ReferralId = referralId;
    }

    [Id(0)] public string ReferralId { get; }
}
