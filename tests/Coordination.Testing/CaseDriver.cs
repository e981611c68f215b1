using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Testing;

/// <summary>
/// Walks a fresh case along the lifecycle to a wanted status, the way staff and liaisons would:
/// each step is a real grain call, referral answers included.
/// </summary>
public sealed class CaseDriver(IGrainFactory grains)
{
    public ICaseGrain Case(CaseSnapshot snapshot) => grains.GetGrain<ICaseGrain>(snapshot.CaseNumber.ToString());

    public IReferralGrain Referral(string referralId) => grains.GetGrain<IReferralGrain>(referralId);

    public Task<CaseSnapshot> RegisterAsync(CaseRegistration registration, string office = "ACA") =>
        grains.GetGrain<IOfficeGrain>(office).RegisterCaseAsync(registration, Staff.Caseworker(office));

    /// <summary>The open referral of a kind on a case.</summary>
    public static string OpenReferral(CaseSnapshot snapshot, ReferralKind kind) =>
        snapshot.Referrals.Last(r => r.Kind == kind && r.Status is ReferralStatus.Sent or ReferralStatus.Acknowledged or ReferralStatus.Accepted).ReferralId;

    /// <summary>
    /// Registers an accompanied 16-year-old without documents at <paramref name="office"/> and drives
    /// the case to <paramref name="target"/>. On the way to Cleared and beyond the consulate issues a
    /// travel document, as it must before travel can be booked.
    /// </summary>
    public async Task<CaseSnapshot> DriveToAsync(CaseStatus target, string office = "ACA")
    {
        var current = await RegisterAsync(Registrations.AccompaniedMinorWithoutDocuments(), office);
        var @case = Case(current);
        async Task<CaseSnapshot> Answer(ReferralKind kind, bool complete)
        {
            var referral = Referral(OpenReferral(current, kind));
            var to = (await referral.GetAsync())!.To;
            await referral.AcceptAsync(Staff.Liaison(to));
            if (complete)
            {
                await referral.CompleteAsync(Staff.Liaison(to));
            }
            return (await @case.GetAsync())!;
        }

        switch (target)
        {
            case CaseStatus.Registered:
                return current;
            case CaseStatus.Withdrawn:
                return await @case.WithdrawAsync(Staff.Caseworker(office), "changed their mind");
            case CaseStatus.OnHold:
                return await @case.PutOnHoldAsync(Staff.Caseworker(office), "medical treatment");
        }

        current = await @case.RecordCounsellingAsync(Staff.Caseworker(office), "information session");
        if (target == CaseStatus.Counselled)
        {
            return current;
        }
        if (target == CaseStatus.Ineligible)
        {
            return await @case.RecordScreeningAsync(Staff.Caseworker(office), eligible: false, "refugee claim pending");
        }
        current = await @case.RecordScreeningAsync(Staff.Caseworker(office), eligible: true, null);
        if (target == CaseStatus.Screened)
        {
            return current;
        }
        current = await @case.RecordConsentAsync(Staff.Caseworker(office));
        if (target == CaseStatus.Consented)
        {
            return current;
        }
        if (target != CaseStatus.ClearanceRequested)
        {
            current = await @case.RequestTravelDocumentAsync(Staff.Caseworker(office), ReferralConsent.Granted);
            current = await Answer(ReferralKind.TravelDocument, complete: true);
        }
        current = await @case.RequestExitClearanceAsync(Staff.Caseworker(office), ReferralConsent.Granted);
        if (target == CaseStatus.ClearanceRequested)
        {
            return current;
        }
        current = await Answer(ReferralKind.ExitClearance, complete: false);
        if (target == CaseStatus.Cleared)
        {
            return current;
        }
        current = await @case.BookTravelAsync(Staff.Caseworker(office), Bookings.NextWeek());
        if (target == CaseStatus.TravelBooked)
        {
            return current;
        }
        current = await @case.RecordDepartureAsync(Staff.Caseworker(office));
        if (target == CaseStatus.Departed)
        {
            return current;
        }
        current = await @case.RecordArrivalAsync(Staff.Caseworker(office));
        if (target == CaseStatus.Arrived)
        {
            return current;
        }
        if (target == CaseStatus.Closed)
        {
            return await @case.CloseAsync(Staff.Caseworker(office), "returned home");
        }
        current = await @case.StartReintegrationAsync(Staff.Caseworker(office));
        return target == CaseStatus.Reintegration
            ? current
            : throw new ArgumentOutOfRangeException(nameof(target), target, "No path to this status.");
    }
}

/// <summary>Travel bookings for tests.</summary>
public static class Bookings
{
    public static TravelBooking NextWeek() =>
        new(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7), "Aeromexico", "MEX-SAP AM 0123", "San Pedro Sula");
}
