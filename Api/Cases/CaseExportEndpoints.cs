using Coordination.Api.Audit;
using Coordination.Api.Referrals;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Referrals;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Coordination.Api.Cases;

/// <summary>
/// Subject access: the whole record of one case, for the migrant who asks for it: the case's data,
/// every change, every referral as it was sent, and who read or changed any of them (the audit).
/// An administrator, or a supervisor of the office that has the case, exports it; the export is
/// itself audited.
/// </summary>
public static class CaseExportEndpoints
{
    /// <summary>One case's whole record.</summary>
    public sealed record CaseExport(
        DateTimeOffset ExportedAt,
        string ExportedBy,
        CaseResponse Case,
        IReadOnlyList<CaseHistoryResponse> History,
        IReadOnlyList<ReferralResponse> Referrals,
        IReadOnlyList<AuditEndpoints.AuditEntryResponse> Audit);

    public static IEndpointRouteBuilder MapCaseExportEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/cases").WithTags("Cases").RequireCaller().Audited("case", "caseNumber")
            .MapGet("/{caseNumber}/export", ExportCase)
            .WithName("ExportCase")
            .WithSummary("Subject access: the case's data, history, referrals and audit, for the migrant (administrators; supervisors of the case's office)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    /// <summary>Administrators export any case; a supervisor the cases of their office; no one else.</summary>
    internal static CaseAccess.Verdict MayExport(Caller caller, CaseSnapshot snapshot) => caller.Role switch
    {
        StaffRole.Administrator => CaseAccess.Verdict.Allowed,
        StaffRole.Supervisor => caller.WorksAt(snapshot.OfficeCode) ? CaseAccess.Verdict.Allowed : CaseAccess.Verdict.Hidden,
        _ => CaseAccess.Read(caller, snapshot) == CaseAccess.Verdict.Hidden ? CaseAccess.Verdict.Hidden : CaseAccess.Verdict.Forbidden,
    };

    internal static async Task<Results<Ok<CaseExport>, ProblemHttpResult>> ExportCase(
        string caseNumber, Caller caller, IGrainFactory grains, NpgsqlDataSource database, TimeProvider clock)
    {
        var (snapshot, denied) = await CaseAccess.LoadAsync(grains, caller, caseNumber, MayExport);
        if (denied is not null)
        {
            return denied;
        }
        var number = snapshot!.CaseNumber.ToString();
        var history = await grains.GetGrainByKey<ICaseGrain>(number).GetHistoryAsync();
        var referrals = new List<ReferralResponse>();
        foreach (var referral in snapshot.Referrals)
        {
            if (await grains.GetGrainByKey<IReferralGrain>(referral.ReferralId).GetAsync() is { } sent)
            {
                referrals.Add(ReferralResponse.Of(sent));
            }
        }
        var audit = await AuditEndpoints.ForRecordsAsync(database, [number, .. snapshot.Referrals.Select(r => r.ReferralId)]);
        return TypedResults.Ok(new CaseExport(
            clock.GetUtcNow(),
            caller.Name,
            CaseResponse.From(snapshot),
            [.. history.Select(h => new CaseHistoryResponse(h.At, h.Actor, h.Event, h.From, h.To, h.Reason, h.Version))],
            referrals,
            audit));
    }
}
