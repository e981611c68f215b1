using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Grains.Interfaces.Offices;

/// <summary>
/// An IOM field office, keyed by its code (<c>MEX</c>, <c>TAP</c>, <c>TUX</c>, <c>CJS</c>, <c>ACA</c>).
/// Offices are configured, not created: a code that is not configured raises
/// <see cref="Errors.UnknownOfficeException"/>. An office stores only its case-number sequence and
/// capacity; its caseload is projected from the event log.
/// </summary>
public interface IOfficeGrain : IGrainWithStringKey
{
    /// <summary>The office's configuration and counters.</summary>
    Task<OfficeSnapshot> GetAsync();

    /// <summary>The live caseload: open cases by status, capacity, inbound transfers and intakes, outbound transfers.</summary>
    Task<CaseloadSnapshot> GetCaseloadAsync();

    /// <summary>
    /// Allots the next case number and registers the case under it, recorded as done by the caller
    /// in <paramref name="context"/>. Repeating a call with the same operation id returns the case
    /// first registered and registers nothing new. Interleaves: registrations of one office do not
    /// wait for each other's case to be written.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<CaseSnapshot> RegisterCaseAsync(CaseRegistration registration, CommandContext context, string? intakeReferralId = null);

    /// <summary>Changes how many open cases the office can carry (configuration).</summary>
    Task<OfficeSnapshot> SetCapacityAsync(int capacity);

    /// <summary>
    /// Holds a place for a transferred case if the open cases and places already held leave room;
    /// otherwise raises <see cref="Errors.OfficeAtCapacityException"/>, and while the caseload is
    /// being rebuilt from the event log <see cref="Errors.StorageUnavailableException"/>. Holding a
    /// place for a referral that already holds one succeeds. The place is given back when the case
    /// moves in (it then counts as open), when the case ends, or when the transfer ends without it.
    /// </summary>
    Task<TransferAdmission> AdmitTransferAsync(string referralId, string caseNumber);

    /// <summary>Gives back the place held for a transfer whose acceptance could not be recorded.</summary>
    Task ReleaseTransferAsync(string referralId);
}
