using Coordination.Api.Problems;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Referrals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Api.Cases;

/// <summary>
/// Who may see and change a case, per the brief's access table. A caller who may not know a case
/// exists gets 404; one who knows of it but may not see it (operations, administrators, the
/// liaison of an authority the case was referred to) gets 403.
/// </summary>
internal static class CaseAccess
{
    public enum Verdict
    {
        Allowed,
        Forbidden,
        Hidden,
    }

    /// <summary>
    /// Caseworkers and supervisors see their office's cases, and cases it is asked to take while that
    /// transfer waits for its answer; a supervisor who broke the glass on a case sees it while that access lasts.
    /// </summary>
    public static Verdict Read(Caller caller, CaseSnapshot snapshot) => caller.Role switch
    {
        _ when caller.WorksCases => caller.WorksAt(snapshot.OfficeCode)
            || snapshot.Referrals.Any(r => r.Kind == ReferralKind.Transfer && r.Status is ReferralStatus.Sent or ReferralStatus.Acknowledged && caller.WorksAt(r.To))
            || HasEmergencyAccess(caller, snapshot)
            ? Verdict.Allowed
            : Verdict.Hidden,
        StaffRole.Liaison => snapshot.Referrals.Any(r => r.To == caller.Authority) ? Verdict.Forbidden : Verdict.Hidden,
        _ => Verdict.Forbidden,
    };

    /// <summary>Break-glass access is the supervisor's own, and only until it ends.</summary>
    public static bool HasEmergencyAccess(Caller caller, CaseSnapshot snapshot) =>
        caller.Role == StaffRole.Supervisor && snapshot.EmergencyAccess.Any(g => g.Active && g.GrantedTo == caller.Name);

    /// <summary>Only the office with custody works a case.</summary>
    public static Verdict Write(Caller caller, CaseSnapshot snapshot) =>
        Read(caller, snapshot) is var read && read != Verdict.Allowed ? read
        : caller.WorksAt(snapshot.OfficeCode) ? Verdict.Allowed
        : Verdict.Forbidden;

    public static ProblemHttpResult Denied(Verdict verdict, string caseNumber) => verdict == Verdict.Forbidden
        ? TypedResults.Problem(title: "Not allowed.", detail: $"Your role does not give access to case {caseNumber}.", statusCode: StatusCodes.Status403Forbidden)
        : NotFound(caseNumber);

    /// <summary>A malformed number is not echoed back: the answer says what a case number looks like.</summary>
    public static ProblemHttpResult NotFound(string caseNumber) => ProblemResults.NotFound("Case not found.",
        CaseNumber.TryParse(caseNumber, out _) ? $"There is no case '{caseNumber}'." : "There is no case with that number: one reads ACA-2026-000123.");

    /// <summary>Reads the case if the caller may; otherwise the answer to give.</summary>
    public static async Task<(CaseSnapshot? Case, ProblemHttpResult? Denied)> LoadAsync(
        IGrainFactory grains, Caller caller, string caseNumber, Func<Caller, CaseSnapshot, Verdict> rule)
    {
        var snapshot = CaseNumber.TryParse(caseNumber, out var number)
            ? await grains.GetGrainByKey<ICaseGrain>(number.ToString()).GetAsync(caller.Role)
            : null;
        if (snapshot is null)
        {
            return (null, NotFound(caseNumber));
        }
        var verdict = rule(caller, snapshot);
        return verdict == Verdict.Allowed ? (snapshot, null) : (null, Denied(verdict, caseNumber));
    }
}
