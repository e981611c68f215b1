using System.Collections.Immutable;
using Coordination.Grains.Authorities;
using Coordination.Grains.Duplicates;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Offices;
using Coordination.Grains.Referrals;
using Coordination.Grains.Rules;
using Coordination.Grains.Interfaces.Rules;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.Cases;

/// <summary>
/// One migrant's case, event-sourced: its state is the fold of its stream. Every command takes the
/// same path: read the stream if needed, decide (pure, <see cref="CaseDecider"/>), append the events
/// in one write with the version check, and answer. The case calls no other grain: what its events
/// mean to referrals, offices and read models is done by the event log's projections and reactions.
/// </summary>
public sealed class CaseGrain(
    IEventStore store,
    SubjectKeyRing keys,
    TimeProvider clock,
    IOptions<AuthorityCatalogOptions> authorities,
    IOptions<OfficeCatalogOptions> offices,
    IOptions<EmergencyAccessOptions> emergencyAccess,
    SubjectErasure erasure) : Grain, ICaseGrain
{
    // Only a writer outside this activation (a duplicate activation during a membership change)
    // makes an append conflict; deciding again on what it wrote settles it.
    private const int Attempts = 3;

    private EventSourcedStream<CaseState>? _stream;

    private string CaseNumberText => this.GetPrimaryKeyString();
    private EventSourcedStream<CaseState> Stream => _stream ??= new(store, EventStreams.Case, CaseNumberText, CaseState.Unregistered,
        CaseState.Evolve, state => state.Registered ? state.Summary() : null, CaseState.SnapshotVersion);
    private CaseState State => Stream.State;

    public async Task<CaseSnapshot?> GetAsync(StaffRole viewer = StaffRole.Caseworker)
    {
        await Stream.EnsureLoadedAsync();
        return State.Registered ? Snapshot(viewer) : null;
    }

    public async Task<IReadOnlyList<CaseHistoryEntry>> GetHistoryAsync()
    {
        await Stream.EnsureLoadedAsync();
        return State.Registered ? CaseHistory.Of(await Stream.ReadAllAsync()) : [];
    }

    public async Task<CaseSnapshot> RegisterAsync(string officeCode, CaseRegistration registration, CommandContext context, string? intakeReferralId = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(context.OperationId);
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

        for (var attempt = 1; ; attempt++)
        {
            // The office allots a number nobody used: its stream is empty, unless this is a retry (then the append says so).
            if (attempt > 1)
            {
                await Stream.EnsureLoadedAsync();
            }
            if (State.Registered)
            {
                return State.RegistrationOperationId == context.OperationId
                    ? Snapshot(StaffRole.Caseworker)
                    : throw new CaseAlreadyRegisteredException(CaseNumberText);
            }

            // Match keys are kept as keyed hashes; the cases already under them are this one's possible duplicates.
            var tags = DuplicateKeys.For(normalized).Select(keys.MatchTag).ToList();
            var duplicates = (await store.StreamsTaggedAsync(tags)).Where(c => c != CaseNumberText).ToImmutableArray();
            var registered = new CaseRegistered(now, context.Actor, officeCode, normalized.Nationality, normalized.Vulnerabilities, normalized,
                duplicates, intakeReferralId);
            var result = await Stream.AppendAsync([registered], new AppendOptions(
                OperationId: context.OperationId,
                Claim: RegistrationClaim(context.OperationId),
                Tags: tags,
                NewKey: keys.Create(CaseNumberText)));
            switch (result)
            {
                case AppendResult.Appended:
                    return Snapshot(StaffRole.Caseworker);
                case AppendResult.ClaimTaken taken:
                    // This operation registered a case already (a retry that got a new number): that case is the answer.
                    return await GrainFactory.GetGrainByKey<ICaseGrain>(taken.Owner).GetAsync()
                        ?? throw new InvalidOperationException($"Operation {context.OperationId} claims case {taken.Owner}, which has no registration.");
                case AppendResult.VersionConflict when attempt >= Attempts:
                    throw new CaseAlreadyRegisteredException(CaseNumberText);
            }
        }
    }

    /// <summary>The claim that makes one registration per operation id, across all offices.</summary>
    public static string RegistrationClaim(string operationId) => $"registration:{operationId}";

    public Task<CaseSnapshot> RecordCounsellingAsync(CommandContext context, string? notes) => ExecuteAsync(context, new CaseCommand.RecordCounselling(notes));

    public Task<CaseSnapshot> RecordScreeningAsync(CommandContext context, bool eligible, string? reason) =>
        ExecuteAsync(context, new CaseCommand.RecordScreening(eligible, reason));

    public Task<CaseSnapshot> RecordRiskAssessmentAsync(CommandContext context, RiskLevel level, string summary) =>
        ExecuteAsync(context, new CaseCommand.RecordRiskAssessment(level, summary));

    public Task<CaseSnapshot> RecordConsentAsync(CommandContext context) => ExecuteAsync(context, new CaseCommand.RecordConsent());

    public Task<CaseSnapshot> RequestExitClearanceAsync(CommandContext context, ReferralConsent consent) =>
        ExecuteAsync(context, new CaseCommand.RequestExitClearance(consent));

    public Task<CaseSnapshot> RequestTravelDocumentAsync(CommandContext context, ReferralConsent consent) =>
        ExecuteAsync(context, new CaseCommand.RequestTravelDocument(consent));

    public Task<CaseSnapshot> ReferForChildProtectionAsync(CommandContext context, ReferralConsent consent) =>
        ExecuteAsync(context, new CaseCommand.ReferForChildProtection(consent));

    public Task<CaseSnapshot> ReferForProtectionAsync(CommandContext context, string recipient, ReferralConsent consent) =>
        ExecuteAsync(context, new CaseCommand.ReferForProtection(recipient, consent));

    public Task<CaseSnapshot> RequestTransferAsync(CommandContext context, string toOfficeCode, string reason) =>
        ExecuteAsync(context, new CaseCommand.RequestTransfer(toOfficeCode, reason));

    public Task<CaseSnapshot> BookTravelAsync(CommandContext context, TravelBooking booking) => ExecuteAsync(context, new CaseCommand.BookTravel(booking));

    public Task<CaseSnapshot> RecordDepartureAsync(CommandContext context) => ExecuteAsync(context, new CaseCommand.RecordDeparture());

    public Task<CaseSnapshot> RecordArrivalAsync(CommandContext context) => ExecuteAsync(context, new CaseCommand.RecordArrival());

    public Task<CaseSnapshot> StartReintegrationAsync(CommandContext context) => ExecuteAsync(context, new CaseCommand.StartReintegration());

    public Task<CaseSnapshot> CloseAsync(CommandContext context, string? reason) => ExecuteAsync(context, new CaseCommand.Close(reason));

    public Task<CaseSnapshot> WithdrawAsync(CommandContext context, string reason) => ExecuteAsync(context, new CaseCommand.Withdraw(reason));

    public Task<CaseSnapshot> PutOnHoldAsync(CommandContext context, string reason) => ExecuteAsync(context, new CaseCommand.PutOnHold(reason));

    public Task<CaseSnapshot> ResumeAsync(CommandContext context) => ExecuteAsync(context, new CaseCommand.Resume());

    public Task<CaseSnapshot> ReopenAsync(CommandContext context, string reason) => ExecuteAsync(context, new CaseCommand.Reopen(reason));

    public async Task<EmergencyAccessGrant> GrantEmergencyAccessAsync(CommandContext context, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(context.OperationId);
        var now = clock.GetUtcNow();
        await AppendDecidedAsync(
            () => CaseDecider.GrantEmergencyAccess(State, CaseNumberText, context, reason, now, now + emergencyAccess.Value.Duration),
            context.OperationId, causationId: null);
        // A retry of the same operation answers the grant it made.
        return Grants(now).LastOrDefault(g => g.GrantedTo == context.Actor)
            ?? throw new InvalidOperationException($"Case {CaseNumberText} has no emergency access for {context.Actor} after granting it.");
    }

    public async Task<CaseErasure?> ErasePersonalDataAsync(CommandContext context, string reason, DateTimeOffset? endedBefore = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(context.OperationId);
        await Stream.EnsureLoadedAsync();
        // Decided first, so that a refusal erases nothing; the keys go before the event that says they went,
        // so that a failure in between leaves a case the next attempt (or the job) erases again.
        try
        {
            CaseDecider.ErasePersonalData(State, CaseNumberText, context, reason, clock.GetUtcNow(), endedBefore);
        }
        catch (DataProtectionRefusedException) when (endedBefore is not null)
        {
            return null; // for the retention job: reopened, or ended later than it saw; not due
        }
        var number = CaseNumberText;
        var intake = State.IntakeReferralId;
        string[] keyIds = intake is null ? [number] : [number, intake];
        await erasure.EraseAsync(number, keyIds, keyIds);
        await AppendDecidedAsync(() => CaseDecider.ErasePersonalData(State, number, context, reason, clock.GetUtcNow(), endedBefore),
            context.OperationId, causationId: null);

        // What this activation holds in memory was read with the key: drop it. (The referrals drop
        // theirs on the erasure's event: a case never calls a referral, so the two cannot deadlock.)
        var erased = State.Erasure! with { CaseNumber = number };
        _stream = null;
        DeactivateOnIdle();
        return erased;
    }

    public async Task ObserveReferralAsync(ReferralProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await AppendDecidedAsync(() => CaseDecider.Observe(State, progress, clock.GetUtcNow()), operationId: null,
            causationId: $"{progress.ReferralId}:{progress.Status}{(progress.Overdue ? ":overdue" : "")}");
    }

    public async Task<CaseReferralRequest?> GetReferralRequestAsync(string referralId)
    {
        await Stream.EnsureLoadedAsync();
        if (!State.Registered || State.Registration is not { } registration || State.Referrals.All(r => r.ReferralId != referralId))
        {
            return null;
        }
        var requested = (await Stream.ReadAllAsync()).Select(r => r.Event).OfType<ReferralRequested>().LastOrDefault(e => e.ReferralId == referralId);
        return requested is null ? null : new CaseReferralRequest(
            new ReferralRequest(requested.Kind, CaseNumberText, requested.FromOffice, requested.To, ReferralSubjects.For(requested.Kind, registration),
                null, requested.ConsentToShare, requested.ConsentOverriddenBy, requested.Note, requested.By),
            requested.At);
    }

    public Task FlagPossibleDuplicateAsync(string otherCaseNumber) =>
        AppendDecidedAsync(() => CaseDecider.FlagDuplicate(State, CaseNumberText, otherCaseNumber, clock.GetUtcNow()), operationId: null, causationId: $"duplicate:{otherCaseNumber}");

    public async Task<RuleResult> ApplyRuleAsync(RuleDefinition rule, RuleTrigger trigger, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(trigger);
        var commandId = RuleDecider.CommandId(rule, trigger, CaseNumberText);
        for (var attempt = 1; ; attempt++)
        {
            await Stream.EnsureLoadedAsync();
            var context = new CaseDecisionContext(CaseNumberText, Stream.Version, new CommandContext(rule.Actor, StaffRole.Automation, commandId, null, CaseDecider.AnyOffice),
                clock.GetUtcNow(), authorities.Value, offices.Value);
            var decision = RuleDecider.Decide(State, rule, trigger, context);
            if (dryRun || decision.Events.Count == 0)
            {
                return decision.Result;
            }
            // The claim outlives the window of recent operations: a firing read again months later still finds it.
            var result = await Stream.AppendAsync(decision.Events, new AppendOptions(OperationId: commandId, CausationId: trigger.EventId.ToString("N"), Claim: commandId));
            switch (result)
            {
                case AppendResult.Appended:
                    return decision.Result;
                case AppendResult.ClaimTaken:
                    return decision.Result with { Outcome = RuleOutcome.AlreadyDone, Detail = "fired for this event already", Actions = [] };
                case AppendResult.VersionConflict when attempt >= Attempts:
                    throw new StorageUnavailableException($"case {CaseNumberText} kept changing under another writer");
            }
        }
    }

    private async Task<CaseSnapshot> ExecuteAsync(CommandContext context, CaseCommand command)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(context.OperationId);
        await AppendDecidedAsync(
            () => CaseDecider.Decide(State, command, new CaseDecisionContext(CaseNumberText, Stream.Version, context, clock.GetUtcNow(), authorities.Value, offices.Value)),
            context.OperationId, causationId: null);
        return Snapshot(context.Role);
    }

    /// <summary>Decides on the current state and appends; decides again if another writer got there first.</summary>
    private async Task AppendDecidedAsync(Func<IReadOnlyList<CaseEvent>> decide, string? operationId, string? causationId)
    {
        for (var attempt = 1; ; attempt++)
        {
            await Stream.EnsureLoadedAsync();
            var events = decide();
            if (events.Count == 0)
            {
                return;
            }
            var result = await Stream.AppendAsync(events, new AppendOptions(OperationId: operationId, CausationId: causationId));
            if (result is AppendResult.Appended)
            {
                return;
            }
            if (attempt >= Attempts)
            {
                throw new StorageUnavailableException($"case {CaseNumberText} kept changing under another writer");
            }
        }
    }

    private CaseSnapshot Snapshot(StaffRole role)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new CaseSnapshot(
            CaseNumberFromKey(),
            State.OfficeCode,
            State.Registration ?? ErasedRegistration(State),
            State.Status,
            State.RegisteredAt,
            Stream.Version,
            State.StatusBeforeHold,
            State.HoldReason,
            State.RiskAssessment,
            State.ChildProtectionAccepted,
            CaseDecider.TravelDocumentReady(State, today),
            State.TravelBooking,
            [.. State.Referrals],
            [.. State.PossibleDuplicates],
            CaseDecider.AllowedActions(State, role, today),
            State.Erasure is not null,
            Grants(clock.GetUtcNow()));
    }

    private IReadOnlyList<EmergencyAccessGrant> Grants(DateTimeOffset now) => [.. State.EmergencyAccess.Select(g => g with { Active = g.ExpiresAt > now })];

    private CaseNumber CaseNumberFromKey() =>
        CaseNumber.TryParse(CaseNumberText, out var number) ? number : throw new InvalidOperationException($"'{CaseNumberText}' is not a case number.");

    /// <summary>What remains of a registration whose personal data was erased: the non-personal facts.</summary>
    private static CaseRegistration ErasedRegistration(CaseState state) =>
        new("[erased]", "[erased]", Sex.Unknown, DateOnly.MinValue, state.Nationality, [], null, state.Vulnerabilities);
}
