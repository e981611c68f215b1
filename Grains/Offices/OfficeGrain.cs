using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Storage;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.Offices;

/// <summary>
/// An office: allots case numbers and registers cases under them. Its definition (name, state,
/// capacity) comes from configuration; its sequence lives in PostgreSQL.
/// </summary>
public sealed class OfficeGrain(
    [PersistentState(GrainStorage.OfficeState, GrainStorage.ProviderName)] IPersistentState<OfficeState> office,
    IOptions<OfficeCatalogOptions> catalog,
    TimeProvider clock) : Grain, IOfficeGrain
{
    /// <summary>How many recent registration operations an office remembers for retries.</summary>
    public const int RememberedOperations = 128;

    public Task<OfficeSnapshot> GetAsync() => Task.FromResult(Snapshot(Definition()));

    public async Task<CaseSnapshot> RegisterCaseAsync(CaseRegistration registration, string operationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operationId);
        var definition = Definition();

        var earlier = office.State.RecentRegistrations.Find(r => r.OperationId == operationId);
        if (earlier is not null)
        {
            // A retry: finish (or replay) the registration this operation already started.
            return await GrainFactory.GetGrain<ICaseGrain>(earlier.CaseNumber.ToString())
                .RegisterAsync(definition.Code, registration, operationId);
        }

        var normalized = CaseRegistrationRules.Normalize(registration);
        var now = clock.GetUtcNow();
        var errors = CaseRegistrationRules.Validate(normalized, DateOnly.FromDateTime(now.UtcDateTime));
        if (errors.Count > 0)
        {
            throw new InvalidCaseDataException(errors);
        }

        var localYear = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(definition.TimeZone)).Year;
        var caseNumber = CaseNumberSequence.Next(definition.Code, office.State.SequenceYear, office.State.LastSequence, localYear);

        // The number is stored as allotted before the case exists, so that no crash can hand it out twice.
        office.State.SequenceYear = caseNumber.Year;
        office.State.LastSequence = caseNumber.Sequence;
        office.State.CasesRegistered++;
        office.State.LastCaseNumber = caseNumber;
        office.State.RecentRegistrations.Add(new RegistrationOperation(operationId, caseNumber));
        if (office.State.RecentRegistrations.Count > RememberedOperations)
        {
            office.State.RecentRegistrations.RemoveRange(0, office.State.RecentRegistrations.Count - RememberedOperations);
        }
        await office.WriteStateAsync();

        return await GrainFactory.GetGrain<ICaseGrain>(caseNumber.ToString())
            .RegisterAsync(definition.Code, normalized, operationId);
    }

    private OfficeDefinition Definition() =>
        catalog.Value.Find(this.GetPrimaryKeyString()) ?? throw new UnknownOfficeException(this.GetPrimaryKeyString());

    private OfficeSnapshot Snapshot(OfficeDefinition definition) => new(
        definition.Code,
        definition.Name,
        definition.State,
        definition.TimeZone,
        definition.Capacity,
        office.State.CasesRegistered,
        office.State.LastCaseNumber);
}
