using Coordination.Grains.Interfaces.Cases;

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

    /// <summary>
    /// Allots the next case number and registers the case under it. Repeating a call with the same
    /// <paramref name="operationId"/> returns the case first registered and registers nothing new.
    /// </summary>
    Task<CaseSnapshot> RegisterCaseAsync(CaseRegistration registration, string operationId);
}
