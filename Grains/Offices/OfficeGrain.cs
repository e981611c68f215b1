using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Storage;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.Offices;

/// <summary>
/// An office: allots case numbers and registers cases under them, holds places for transfers
/// within its capacity, and shows its caseload (projected from the event log). It stores O(1)
/// state: the sequence and the capacity.
/// </summary>
/// <remarks>
/// Numbers are reserved in blocks: one at a time while registrations are few (so numbers follow
/// each other), doubling up to <see cref="MaxBlock"/> while they come in bursts (so a busy office
/// writes its state once per block, not once per case). A silo that dies loses the rest of its
/// block: numbers may skip, never repeat. A graceful deactivation gives the rest back.
/// </remarks>
public sealed class OfficeGrain(
    [PersistentState(GrainStorage.OfficeState, GrainStorage.ProviderName)] IPersistentState<OfficeState> office,
    IOptions<OfficeCatalogOptions> catalog,
    OfficeFigures figures,
    TimeProvider clock) : Grain, IOfficeGrain
{
    public const int MaxBlock = 64;
    private static readonly TimeSpan Burst = TimeSpan.FromSeconds(1);

    // Registrations interleave; every change of the stored state happens under this gate.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int? _handedOut;
    private int _block = 1;
    private DateTimeOffset _lastReservation = DateTimeOffset.MinValue;

    private int Capacity(OfficeDefinition definition) => office.State.Capacity ?? definition.Capacity;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Give back the numbers reserved and not handed out, so the next activation continues without a gap.
        if (_handedOut is { } handedOut && handedOut < office.State.LastSequence && await _gate.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken))
        {
            try
            {
                office.State.LastSequence = handedOut;
                await office.WriteStateAsync(cancellationToken);
            }
            catch (Exception)
            {
                // The numbers stay reserved: a gap, never a repeat.
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    public async Task<OfficeSnapshot> GetAsync()
    {
        var definition = Definition();
        var (registered, last) = await figures.RegistrationsAsync(definition.Code);
        return new OfficeSnapshot(definition.Code, definition.Name, definition.State, definition.TimeZone, Capacity(definition), registered, last);
    }

    public async Task<CaseloadSnapshot> GetCaseloadAsync()
    {
        var definition = Definition();
        var caseload = await figures.CaseloadAsync(definition.Code);
        return new CaseloadSnapshot(definition.Code, Capacity(definition), caseload.OpenCases, caseload.ByStatus, caseload.Inbound, caseload.Outbound);
    }

    public async Task<CaseSnapshot> RegisterCaseAsync(CaseRegistration registration, CommandContext context, string? intakeReferralId = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(context.OperationId);
        var definition = Definition();
        var normalized = CaseRegistrationRules.Normalize(registration);
        var errors = CaseRegistrationRules.Validate(normalized, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (errors.Count > 0)
        {
            throw new InvalidCaseDataException(errors);
        }
        var caseNumber = await AllotAsync(definition);
        return await GrainFactory.GetGrainByKey<ICaseGrain>(caseNumber.ToString()).RegisterAsync(definition.Code, normalized, context, intakeReferralId);
    }

    public async Task<OfficeSnapshot> SetCapacityAsync(int capacity)
    {
        var definition = Definition();
        // 0 closes the office to transfers and intakes; its own cases go on.
        if (capacity < 0)
        {
            throw new InvalidCaseDataException(new Dictionary<string, string[]> { ["capacity"] = ["The capacity must be 0 (closed to transfers and intakes) or more."] });
        }
        await _gate.WaitAsync();
        try
        {
            var before = office.State.Capacity;
            office.State.Capacity = capacity;
            await SaveAsync(() => office.State.Capacity = before);
        }
        finally
        {
            _gate.Release();
        }
        return await GetAsync();
    }

    public Task<TransferAdmission> AdmitTransferAsync(string referralId, string caseNumber)
    {
        var definition = Definition();
        return figures.AdmitAsync(definition.Code, Capacity(definition), referralId, caseNumber);
    }

    public Task ReleaseTransferAsync(string referralId)
    {
        Definition();
        return figures.ReleaseAsync(referralId);
    }

    private async Task<CaseNumber> AllotAsync(OfficeDefinition definition)
    {
        var localYear = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(definition.TimeZone)).Year;
        await _gate.WaitAsync();
        try
        {
            // What an earlier activation reserved may have been handed out: start after it.
            _handedOut ??= office.State.LastSequence;
            var next = CaseNumberSequence.Next(definition.Code, office.State.SequenceYear, _handedOut.Value, localYear);
            if (next.Year != office.State.SequenceYear || next.Sequence > office.State.LastSequence)
            {
                var now = clock.GetUtcNow();
                _block = now - _lastReservation < Burst ? Math.Min(_block * 2, MaxBlock) : 1;
                _lastReservation = now;
                var (year, last) = (office.State.SequenceYear, office.State.LastSequence);
                office.State.SequenceYear = next.Year;
                office.State.LastSequence = next.Sequence + _block - 1;
                await SaveAsync(() => (office.State.SequenceYear, office.State.LastSequence) = (year, last));
            }
            _handedOut = next.Sequence;
            return next;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Writes the state. If the write fails, the change is undone in memory and the activation is
    /// dropped, so that nothing is handed out on the strength of a write that may not have happened.
    /// </summary>
    private async Task SaveAsync(Action undo)
    {
        try
        {
            await office.WriteStateAsync();
        }
        catch (Exception e)
        {
            undo();
            _handedOut = null;
            DeactivateOnIdle();
            // The driver's own exceptions cannot cross a grain boundary; to the caller it is storage it cannot use now.
            throw e is Orleans.Storage.InconsistentStateException ? e
                : new StorageUnavailableException(EventSourcing.StorageFailures.IsUnavailable(e) ? EventSourcing.StorageFailures.Describe(e) : $"office {this.GetPrimaryKeyString()} could not store its state");
        }
    }

    private OfficeDefinition Definition() =>
        catalog.Value.Find(this.GetPrimaryKeyString()) ?? throw new UnknownOfficeException(this.GetPrimaryKeyString());
}
