using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Offices;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Api.Offices;

/// <summary>
/// Whether an office takes cases from elsewhere now. A transfer sent to an office that is full, or
/// closed (capacity 0), is refused when it is sent, not only when the office would accept it (the
/// office's admission on acceptance stays the rule that holds under races). An intake from INM is
/// refused only by a closed office: people leaving a migration station are not turned away because
/// an office is over its planning figure.
/// </summary>
internal static class OfficeRoom
{
    public static Task<ProblemHttpResult?> TransferRefusalAsync(IGrainFactory grains, string officeCode) => RefusalAsync(grains, officeCode, closedOnly: false);

    public static Task<ProblemHttpResult?> IntakeRefusalAsync(IGrainFactory grains, string officeCode) => RefusalAsync(grains, officeCode, closedOnly: true);

    private static async Task<ProblemHttpResult?> RefusalAsync(IGrainFactory grains, string officeCode, bool closedOnly)
    {
        if (!OfficeCodes.IsWellFormed(officeCode))
        {
            return null; // the command names the bad office itself
        }
        CaseloadSnapshot caseload;
        try
        {
            caseload = await grains.GetGrainByKey<IOfficeGrain>(officeCode).GetCaseloadAsync();
        }
        catch (Grains.Interfaces.Errors.UnknownOfficeException)
        {
            return null;
        }
        if (closedOnly ? caseload.Capacity > 0 : caseload.OpenCases < caseload.Capacity)
        {
            return null;
        }
        return TypedResults.Problem(
            title: caseload.Capacity == 0 ? $"Office {officeCode} is closed to transfers and intakes." : $"Office {officeCode} is full.",
            detail: $"It carries {caseload.OpenCases} open cases of a capacity of {caseload.Capacity}; send the case to another office or ask its administrator.",
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["officeCode"] = officeCode, ["capacity"] = caseload.Capacity, ["openCases"] = caseload.OpenCases });
    }
}
