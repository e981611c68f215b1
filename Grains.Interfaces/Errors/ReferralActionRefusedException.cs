using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Interfaces.Errors;

/// <summary>A referral refused an action its status does not allow.</summary>
[GenerateSerializer, Alias("Coordination.ReferralActionRefusedException")]
public sealed class ReferralActionRefusedException : CoordinationException
{
    public ReferralActionRefusedException(string referralId, ReferralStatus status, ReferralAction action, IReadOnlyList<ReferralAction> allowedActions, string? reason = null)
        : base($"Referral {referralId} is {status}: {action} is not allowed{(reason is null ? "" : $" ({reason})")}. Allowed now: {(allowedActions.Count == 0 ? "none" : string.Join(", ", allowedActions))}.")
    {
        Reason = reason;
        ReferralId = referralId;
        Status = status;
        Action = action;
        AllowedActions = allowedActions;
    }

    [Id(0)] public string ReferralId { get; }
    [Id(1)] public ReferralStatus Status { get; }
    [Id(2)] public ReferralAction Action { get; }
    [Id(3)] public IReadOnlyList<ReferralAction> AllowedActions { get; }

    /// <summary>Why, when the status alone allows the action (for example: the case has ended).</summary>
    [Id(4)] public string? Reason { get; }
}
