using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Interfaces.Offices;

/// <summary>
/// An IOM field office, keyed by its code (<c>MEX</c>, <c>TAP</c>, <c>TUX</c>, <c>CJS</c>, <c>ACA</c>).
/// Offices are configured, not created: a code that is not configured raises
/// <see cref="Errors.UnknownOfficeException"/>.
/// </summary>
public interface IOfficeGrain : IGrainWithStringKey
{
    /// <summary>The office's configuration and counters.</summary>
    Task<OfficeSnapshot> GetAsync();

    /// <summary>The live caseload: open cases by status, capacity, inbound transfers and intakes.</summary>
    Task<CaseloadSnapshot> GetCaseloadAsync();

    /// <summary>
    /// Allots the next case number and registers the case under it. Repeating a call with the same
    /// <paramref name="operationId"/> returns the case first registered and registers nothing new.
    /// </summary>
    Task<CaseSnapshot> RegisterCaseAsync(CaseRegistration registration, string operationId);

    /// <summary>Changes how many open cases the office can carry (configuration).</summary>
    Task<OfficeSnapshot> SetCapacityAsync(int capacity);

    /// <summary>
    /// A case in this office's custody reports its status; older versions than the last seen are
    /// ignored. Interleaves: the office may be waiting on that very case (a registration retry).
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task TrackCaseAsync(string caseNumber, CaseStatus status, int version);

    /// <summary>
    /// Takes custody of a transferred case if an open case more fits within capacity; otherwise
    /// raises <see cref="Errors.OfficeAtCapacityException"/>. Taking a case it already has is a no-op.
    /// </summary>
    Task AcceptTransferAsync(string caseNumber, CaseStatus status, int version);

    /// <summary>A case left this office's custody (transferred away). Interleaves, as <see cref="TrackCaseAsync"/>.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task ReleaseCaseAsync(string caseNumber);

    /// <summary>A transfer or intake addressed to this office changed; keeps its inbound list in step.</summary>
    Task ReferralChangedAsync(ReferralInboxItem item);

    /// <summary>A transfer this office sent changed; keeps its outbound list in step.</summary>
    Task OutboundTransferChangedAsync(ReferralInboxItem item);
}
