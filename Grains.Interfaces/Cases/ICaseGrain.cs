namespace Coordination.Grains.Interfaces.Cases;

/// <summary>One migrant's case, keyed by its <see cref="CaseNumber"/> (e.g. <c>ACA-2026-000123</c>).</summary>
public interface ICaseGrain : IGrainWithStringKey
{
    /// <summary>The case, or null when no case was registered under this number.</summary>
    Task<CaseSnapshot?> GetAsync();

    /// <summary>
    /// Registers the case under this grain's number. Only the office that allotted the number calls
    /// this; repeating it with the same <paramref name="operationId"/> returns the stored case.
    /// </summary>
    Task<CaseSnapshot> RegisterAsync(string officeCode, CaseRegistration registration, string operationId);
}
