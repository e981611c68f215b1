using Coordination.Api.Problems;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Cases;
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

    /// <summary>
    /// The sending side: INM for an intake; otherwise the office that has the case now (custody may
    /// have moved since the referral was sent), or the sender while the case cannot be read.
    /// </summary>
    public static bool IsSender(Caller caller, ReferralSnapshot r, string? custodyOffice) =>
        r.Kind == ReferralKind.Intake
            ? caller.Role == StaffRole.Liaison && caller.Authority == r.From
            : caller.WorksAt(custodyOffice ?? r.From);

    /// <summary>
    /// The sending side reads its referrals; the recipient reads what is addressed to it, except that
    /// an office asked to take a case reads the transfer (the migrant's document and vulnerabilities)
    /// only while it decides, as with the case itself; once it has custody it reads as the case's office.
    /// </summary>
    public static bool CanRead(Caller caller, ReferralSnapshot r, string? custodyOffice) =>
        IsSender(caller, r, custodyOffice)
        || (IsRecipient(caller, r) && (r.Kind != ReferralKind.Transfer || r.Status is ReferralStatus.Sent or ReferralStatus.Acknowledged));

    /// <summary>The office that has the referral's case now, if it has one.</summary>
    public static async Task<string?> CustodyOfficeAsync(IGrainFactory grains, ReferralSnapshot r) =>
        r.CaseNumber is { } caseNumber ? (await grains.GetGrainByKey<ICaseGrain>(caseNumber).GetAsync())?.OfficeCode : null;

    /// <summary>Operations and administrators know referrals exist (aggregates) but see no personal data.</summary>
    public static ProblemHttpResult Denied(Caller caller, string referralId) =>
        caller.Role is StaffRole.Operations or StaffRole.Administrator
            ? TypedResults.Problem(title: "Not allowed.", detail: "Your role sees aggregates only.", statusCode: StatusCodes.Status403Forbidden)
            : ProblemResults.NotFound("Referral not found.", ReferralIds.IsWellFormed(referralId)
                ? $"There is no referral '{referralId}'."
                : "There is no referral with that id: one reads ACA-2026-000123-R01, or INTAKE- and 20 hexadecimal digits.");

    public static ProblemHttpResult NotYours(string what) =>
        TypedResults.Problem(title: "Not allowed.", detail: what, statusCode: StatusCodes.Status403Forbidden);
}
