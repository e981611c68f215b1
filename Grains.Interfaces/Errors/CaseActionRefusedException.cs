using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Grains.Interfaces.Errors;

/// <summary>
/// A case refused an action: the status does not allow it or a guard protecting the migrant
/// failed. Names the current status, the reason and the actions allowed now.
/// </summary>
[GenerateSerializer, Alias("Coordination.CaseActionRefusedException")]
public sealed class CaseActionRefusedException : CoordinationException
{
    public CaseActionRefusedException(string caseNumber, CaseStatus status, CaseAction action, string reason, IReadOnlyList<CaseAction> allowedActions)
        : base($"Case {caseNumber} is {status}: {action} is not allowed ({reason}). Allowed now: {(allowedActions.Count == 0 ? "none" : string.Join(", ", allowedActions))}.")
    {
        CaseNumber = caseNumber;
        Status = status;
        Action = action;
        Reason = reason;
        AllowedActions = allowedActions;
    }

    [Id(0)] public string CaseNumber { get; }
    [Id(1)] public CaseStatus Status { get; }
    [Id(2)] public CaseAction Action { get; }
    [Id(3)] public string Reason { get; }
    [Id(4)] public IReadOnlyList<CaseAction> AllowedActions { get; }
}
