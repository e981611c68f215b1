using Coordination.Api.Security;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Referrals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Api.Referrals;

/// <summary>
/// Who may see and answer a referral: a liaison only what is addressed to their authority; office
/// staff what their office sent or received; the counterpart answers, the sender cancels.
/// </summary>
internal static class ReferralAccess
{
    private static bool ToOffice(ReferralSnapshot r) => r.Kind is ReferralKind.Transfer or ReferralKind.Intake;

    public static bool IsRecipient(Caller caller, ReferralSnapshot r) =>
        ToOffice(r) ? caller.WorksAt(r.To) : caller.Role == StaffRole.Liaison && caller.Authority == r.To;

    public static bool IsSender(Caller caller, ReferralSnapshot r) =>
        r.Kind == ReferralKind.Intake ? caller.Role == StaffRole.Liaison && caller.Authority == r.From : caller.WorksAt(r.From);

    public static bool CanRead(Caller caller, ReferralSnapshot r) => IsRecipient(caller, r) || IsSender(caller, r);

    /// <summary>Operations and administrators know referrals exist (aggregates) but see no personal data.</summary>
    public static ProblemHttpResult Denied(Caller caller, string referralId) =>
        caller.Role is StaffRole.Operations or StaffRole.Administrator
            ? TypedResults.Problem(title: "Not allowed.", detail: "Your role sees aggregates only.", statusCode: StatusCodes.Status403Forbidden)
            : Problems.Problems.NotFound("Referral not found.", $"There is no referral '{referralId}'.");

    public static ProblemHttpResult NotYours(string what) =>
        TypedResults.Problem(title: "Not allowed.", detail: what, statusCode: StatusCodes.Status403Forbidden);
}
