using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Storage;

namespace Coordination.Grains.Cases;

/// <summary>One migrant's case. Its key is the case number its office allotted.</summary>
public sealed class CaseGrain(
    [PersistentState(GrainStorage.CaseState, GrainStorage.ProviderName)] IPersistentState<CaseState> @case,
    TimeProvider clock) : Grain, ICaseGrain
{
    public Task<CaseSnapshot?> GetAsync() =>
        Task.FromResult(@case.State.Registration is null ? null : Snapshot());

    public async Task<CaseSnapshot> RegisterAsync(string officeCode, CaseRegistration registration, string operationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operationId);
        if (@case.State.Registration is not null)
        {
            return @case.State.RegistrationOperationId == operationId
                ? Snapshot()
                : throw new CaseAlreadyRegisteredException(this.GetPrimaryKeyString());
        }

        var caseNumber = CaseNumberFromKey();
        if (caseNumber.OfficeCode != officeCode)
        {
            throw new ArgumentException($"Office {officeCode} cannot register case {caseNumber}: the number belongs to {caseNumber.OfficeCode}.", nameof(officeCode));
        }

        var normalized = CaseRegistrationRules.Normalize(registration);
        var now = clock.GetUtcNow();
        var errors = CaseRegistrationRules.Validate(normalized, DateOnly.FromDateTime(now.UtcDateTime));
        if (errors.Count > 0)
        {
            throw new InvalidCaseDataException(errors);
        }

        @case.State = new CaseState
        {
            OfficeCode = officeCode,
            Registration = normalized,
            Status = CaseStatus.Registered,
            RegisteredAt = now,
            RegistrationOperationId = operationId,
            Version = 1,
        };
        await @case.WriteStateAsync();
        return Snapshot();
    }

    private CaseNumber CaseNumberFromKey() =>
        CaseNumber.TryParse(this.GetPrimaryKeyString(), out var number)
            ? number
            : throw new InvalidOperationException($"'{this.GetPrimaryKeyString()}' is not a case number.");

    private CaseSnapshot Snapshot() => new(
        CaseNumberFromKey(),
        @case.State.OfficeCode,
        @case.State.Registration!,
        @case.State.Status,
        @case.State.RegisteredAt,
        @case.State.Version);
}
