using Coordination.Grains.Cases;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Referrals;
using Coordination.Grains.Storage;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.Offices;

/// <summary>
/// An office: allots case numbers and registers cases under them, keeps its live caseload as its
/// cases report their statuses, and takes transferred cases only within its capacity. Its
/// definition comes from configuration; everything else lives in PostgreSQL.
/// </summary>
public sealed class OfficeGrain(
    [PersistentState(GrainStorage.OfficeState, GrainStorage.ProviderName)] IPersistentState<OfficeState> office,
    IOptions<OfficeCatalogOptions> catalog,
    TimeProvider clock) : Grain, IOfficeGrain
{
    /// <summary>How many recent registration operations an office remembers for retries.</summary>
    public const int RememberedOperations = 128;

    // Two methods interleave (cases report while the office may wait on a case), so every change
    // and its write happen under this gate; the gate is never held while calling another grain.
    private readonly SemaphoreSlim _gate = new(1, 1);

    private int Capacity(OfficeDefinition definition) => office.State.Capacity ?? definition.Capacity;

    public Task<OfficeSnapshot> GetAsync() => Task.FromResult(Snapshot(Definition()));

    public Task<CaseloadSnapshot> GetCaseloadAsync()
    {
        var definition = Definition();
        var byStatus = Enum.GetValues<CaseStatus>().ToDictionary(
            s => s,
            s => office.State.OpenCases.Values.Count(c => c.Status == s) + office.State.FinishedCases.GetValueOrDefault(s));
        return Task.FromResult(new CaseloadSnapshot(
            definition.Code,
            Capacity(definition),
            office.State.OpenCases.Count,
            byStatus,
            [.. office.State.Inbound.Values.OrderBy(i => i.SentAt)],
            [.. office.State.Outbound.Values.OrderBy(i => i.SentAt)]));
    }

    public async Task<CaseSnapshot> RegisterCaseAsync(CaseRegistration registration, string operationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operationId);
        var definition = Definition();

        var earlier = office.State.RecentRegistrations.Find(r => r.OperationId == operationId);
        if (earlier is not null)
        {
            // A retry: finish (or replay) the registration this operation already started.
            var finished = await GrainFactory.GetGrain<ICaseGrain>(earlier.CaseNumber.ToString())
                .RegisterAsync(definition.Code, registration, operationId);
            await TrackCaseAsync(finished.CaseNumber.ToString(), finished.Status, finished.Version);
            return finished;
        }

        var normalized = CaseRegistrationRules.Normalize(registration);
        var now = clock.GetUtcNow();
        var errors = CaseRegistrationRules.Validate(normalized, DateOnly.FromDateTime(now.UtcDateTime));
        if (errors.Count > 0)
        {
            throw new InvalidCaseDataException(errors);
        }

        var localYear = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(definition.TimeZone)).Year;
        CaseNumber caseNumber;
        await _gate.WaitAsync();
        try
        {
            caseNumber = CaseNumberSequence.Next(definition.Code, office.State.SequenceYear, office.State.LastSequence, localYear);

            // The number is stored as allotted before the case exists, so that no crash can hand it out twice.
            office.State.SequenceYear = caseNumber.Year;
            office.State.LastSequence = caseNumber.Sequence;
            office.State.CasesRegistered++;
            office.State.LastCaseNumber = caseNumber;
            office.State.OpenCases[caseNumber.ToString()] = new CaseloadEntry(CaseStatus.Registered, 1);
            office.State.RecentRegistrations.Add(new RegistrationOperation(operationId, caseNumber));
            if (office.State.RecentRegistrations.Count > RememberedOperations)
            {
                office.State.RecentRegistrations.RemoveRange(0, office.State.RecentRegistrations.Count - RememberedOperations);
            }
            await SaveAsync();
        }
        finally
        {
            _gate.Release();
        }

        try
        {
            return await GrainFactory.GetGrain<ICaseGrain>(caseNumber.ToString())
                .RegisterAsync(definition.Code, normalized, operationId);
        }
        catch
        {
            // No case exists under the number (yet): it must not take a place in the caseload. A
            // retry of the operation registers it under the same number and counts it again.
            await ForgetOpenCaseAsync(caseNumber.ToString());
            throw;
        }
    }

    private async Task ForgetOpenCaseAsync(string caseNumber)
    {
        await _gate.WaitAsync();
        try
        {
            if (office.State.OpenCases.TryGetValue(caseNumber, out var entry) && entry.Version <= 1 && office.State.OpenCases.Remove(caseNumber))
            {
                await SaveAsync();
            }
        }
        catch
        {
            // Best effort; SaveAsync has dropped the activation, so the next call reads what was stored.
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<OfficeSnapshot> SetCapacityAsync(int capacity)
    {
        await _gate.WaitAsync();
        try
        {
            var definition = Definition();
            if (capacity < 1)
            {
                throw new InvalidCaseDataException(new Dictionary<string, string[]> { ["capacity"] = ["The capacity must be at least 1."] });
            }
            office.State.Capacity = capacity;
            await SaveAsync();
            return Snapshot(definition);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task TrackCaseAsync(string caseNumber, CaseStatus status, int version)
    {
        await _gate.WaitAsync();
        try
        {
            Definition();
            if (office.State.OpenCases.TryGetValue(caseNumber, out var known) && known.Version >= version)
            {
                return; // a report this office has seen, or an older one arriving late
            }
            if (CaseLifecycle.Terminal.Contains(status))
            {
                if (office.State.OpenCases.Remove(caseNumber))
                {
                    office.State.FinishedCases[status] = office.State.FinishedCases.GetValueOrDefault(status) + 1;
                }
            }
            else
            {
                office.State.OpenCases[caseNumber] = new CaseloadEntry(status, version);
            }
            await SaveAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task AcceptTransferAsync(string caseNumber, CaseStatus status, int version)
    {
        await _gate.WaitAsync();
        try
        {
            var definition = Definition();
            if (office.State.OpenCases.ContainsKey(caseNumber))
            {
                return;
            }
            if (office.State.OpenCases.Count >= Capacity(definition))
            {
                throw new OfficeAtCapacityException(definition.Code, Capacity(definition), office.State.OpenCases.Count);
            }
            office.State.OpenCases[caseNumber] = new CaseloadEntry(status, version);
            await SaveAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ReleaseCaseAsync(string caseNumber)
    {
        await _gate.WaitAsync();
        try
        {
            Definition();
            if (office.State.OpenCases.Remove(caseNumber))
            {
                await SaveAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task ReferralChangedAsync(ReferralInboxItem item) => KeepInStepAsync(office.State.Inbound, item);

    public Task OutboundTransferChangedAsync(ReferralInboxItem item) => KeepInStepAsync(office.State.Outbound, item);

    /// <summary>Holds a referral while it waits for an answer; drops it once answered or closed.</summary>
    private async Task KeepInStepAsync(Dictionary<string, ReferralInboxItem> list, ReferralInboxItem item)
    {
        await _gate.WaitAsync();
        try
        {
            Definition();
            var waiting = item.Status is ReferralStatus.Sent or ReferralStatus.Acknowledged;
            var changed = waiting
                ? !list.TryGetValue(item.ReferralId, out var known) || known != item
                : list.ContainsKey(item.ReferralId);
            if (!changed)
            {
                return;
            }
            if (waiting)
            {
                list[item.ReferralId] = item;
            }
            else
            {
                list.Remove(item.ReferralId);
            }
            await SaveAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Writes the state. If the write fails the activation is dropped, so that the next call reads
    /// what PostgreSQL holds rather than the change that was not stored.
    /// </summary>
    private async Task SaveAsync()
    {
        try
        {
            await office.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private OfficeDefinition Definition() =>
        catalog.Value.Find(this.GetPrimaryKeyString()) ?? throw new UnknownOfficeException(this.GetPrimaryKeyString());

    private OfficeSnapshot Snapshot(OfficeDefinition definition) => new(
        definition.Code,
        definition.Name,
        definition.State,
        definition.TimeZone,
        Capacity(definition),
        office.State.CasesRegistered,
        office.State.LastCaseNumber);
}
