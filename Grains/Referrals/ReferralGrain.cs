using Coordination.Grains.Authorities;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Offices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Coordination.Grains.Interfaces.Referrals.ReferralAction;

namespace Coordination.Grains.Referrals;

/// <summary>
/// One referral, event-sourced: the handshake between a case (or, for an intake, INM) and its
/// counterpart. A case's referral opens itself from the case's <see cref="Cases.ReferralRequested"/>
/// fact: when the event log's reaction asks it to, or as soon as anyone asks for it. Its SLA is a
/// durable Orleans reminder; every tick re-derives the escalation steps due from its state.
/// </summary>
/// <remarks>
/// After each change the referral tells its case how far it has got, so that the answer a person
/// gets reflects the case too. That call is only a shortcut: the reaction on the referral's events
/// tells the case as well, and the case acts on the furthest point it hears of, once. The call
/// graph stays a tree: a case never calls a referral.
/// </remarks>
public sealed class ReferralGrain(
    IEventStore store,
    SubjectKeyRing keys,
    TimeProvider clock,
    IOptions<ReferralOptions> options,
    IOptions<AuthorityCatalogOptions> authorities,
    IOptions<OfficeCatalogOptions> offices,
    ILogger<ReferralGrain> logger) : Grain, IReferralGrain, IRemindable
{
    public const string SlaReminder = "sla";
    private const int Attempts = 3;
    private static readonly TimeSpan ReminderRetryDelay = TimeSpan.FromSeconds(10);

    private EventSourcedStream<ReferralState>? _stream;

    private string Id => this.GetPrimaryKeyString();
    private EventSourcedStream<ReferralState> Stream => _stream ??= new(store, EventStreams.Referral, Id, ReferralState.Unsent,
        ReferralState.Evolve, state => state.Sent ? state.Summary() : null, ReferralState.SnapshotVersion);
    private ReferralState State => Stream.State;

    /// <summary>The case a case referral belongs to (its id is the case number and -Rnn), or null for an intake.</summary>
    public static string? CaseOf(string referralId)
    {
        var mark = referralId.LastIndexOf("-R", StringComparison.Ordinal);
        return mark > 0 && referralId[(mark + 2)..] is { Length: >= 2 } sequence && sequence.All(char.IsAsciiDigit)
            && CaseNumber.TryParse(referralId[..mark], out _)
            ? referralId[..mark]
            : null;
    }

    public async Task<ReferralSnapshot?> GetAsync()
    {
        await EnsureOpenedAsync();
        return State.Sent ? Snapshot() : null;
    }

    public async Task<ReferralSnapshot> SendAsync(ReferralRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind != ReferralKind.Intake || request.Intake is null)
        {
            throw new ArgumentException("Only intakes are sent directly; a case's referrals open from the case's request.", nameof(request));
        }
        if (offices.Value.Find(request.To) is null)
        {
            throw new UnknownOfficeException(request.To);
        }
        FreeText.Check(request.Note, "note");
        await Stream.EnsureLoadedAsync();
        if (!State.Sent)
        {
            // The intake is its own data subject until it becomes a case.
            var newKey = keys.Create(Id);
            var sent = ReferralDecider.Open(State, new CaseReferralRequest(request, clock.GetUtcNow()), options.Value.SlaOf(request.Kind));
            if (await Stream.AppendAsync(sent, new AppendOptions(OperationId: $"{Id}:send", NewKey: newKey)) is not AppendResult.Appended)
            {
                await Stream.EnsureLoadedAsync();
            }
            await ScheduleSlaAsync();
        }
        return Snapshot();
    }

    public async Task EnsureOpenedAsync()
    {
        await Stream.EnsureLoadedAsync();
        if (State.Sent || CaseOf(Id) is not { } caseNumber)
        {
            return;
        }
        var requested = await GrainFactory.GetGrainByKey<ICaseGrain>(caseNumber).GetReferralRequestAsync(Id);
        if (requested is null)
        {
            return;
        }
        CheckCounterpart(requested.Request);
        if (await keys.FindAsync(caseNumber) is { } cipher)
        {
            Stream.UseSubjectKey(cipher);
        }
        var opened = ReferralDecider.Open(State, requested, options.Value.SlaOf(requested.Request.Kind));
        if (await Stream.AppendAsync(opened, new AppendOptions(OperationId: $"{Id}:open")) is not AppendResult.Appended)
        {
            await Stream.EnsureLoadedAsync(); // opened meanwhile by another activation
        }
        await ScheduleSlaAsync();
    }

    public Task<ReferralSnapshot> AcknowledgeAsync(CommandContext context) => AnswerAsync(context, Acknowledge, null);

    public async Task<ReferralSnapshot> AcceptAsync(CommandContext context, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        FreeText.Check(reason, "reason");
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        await EnsureOpenedAsync();
        // Refuse early what the status does not allow, before taking a place or registering a case.
        ReferralDecider.Answer(State, Id, Accept, context, null, clock.GetUtcNow());
        switch (State.Kind)
        {
            case ReferralKind.Transfer when !State.RecentOperations.Contains(context.OperationId):
                return await AcceptTransferAsync(context, reason);
            case ReferralKind.Intake when !State.RecentOperations.Contains(context.OperationId):
                return await AcceptIntakeAsync(context, reason);
        }
        return await AnswerAsync(context, Accept, reason);
    }

    public Task<ReferralSnapshot> DeclineAsync(CommandContext context, string reason)
    {
        FreeText.Require(reason, "reason", "A decline needs a reason.");
        return AnswerAsync(context, Decline, reason.Trim());
    }

    public Task<ReferralSnapshot> CompleteAsync(CommandContext context) => AnswerAsync(context, Complete, null);

    public Task<ReferralSnapshot> CancelAsync(CommandContext context, string reason)
    {
        FreeText.Check(reason, "reason");
        return AnswerAsync(context, Cancel, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
    }

    public async Task CancelForWithdrawalAsync()
    {
        await EnsureOpenedAsync();
        // The case cancelled it in its own event already: it need not be told.
        if (await ChangeAsync(() => ReferralDecider.CancelForWithdrawal(State, clock.GetUtcNow()), $"{Id}:withdrawn"))
        {
            await ScheduleSlaAsync();
        }
    }

    public async Task InformCaseAsync()
    {
        await EnsureOpenedAsync();
        if (State.Sent && State.CaseNumber is { } caseNumber)
        {
            await GrainFactory.GetGrainByKey<ICaseGrain>(caseNumber).ObserveReferralAsync(State.Progress(Id));
        }
    }

    public Task ForgetPersonalDataAsync()
    {
        _stream = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task ConfirmIntakeRegisteredAsync(string caseNumber)
    {
        await Stream.EnsureLoadedAsync();
        if (await ChangeAsync(() => ReferralDecider.RecordIntakeCase(State, caseNumber, $"office:{State.To}", null, clock.GetUtcNow()), $"{Id}:registered"))
        {
            await ScheduleSlaAsync();
        }
    }

    public async Task<ReferralSnapshot> CheckSlaAsync()
    {
        await EnsureOpenedAsync();
        if (!State.Sent)
        {
            throw new UnknownReferralException(Id);
        }
        var escalated = await ChangeAsync(() => ReferralDecider.CheckSla(State, clock.GetUtcNow(), options.Value), operationId: null);
        if (escalated)
        {
            logger.LogInformation("Referral {ReferralId} is overdue; escalated to {Levels}", Id, string.Join(", ", State.Escalations.Select(s => s.Level)));
            await TellCaseAsync();
        }
        await ScheduleSlaAsync();
        return Snapshot();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == SlaReminder)
        {
            await CheckSlaAsync();
        }
    }

    private async Task<ReferralSnapshot> AcceptTransferAsync(CommandContext context, string? reason)
    {
        // The receiving office holds a place only within its capacity; a full office refuses and nothing changes here.
        var receiving = GrainFactory.GetGrainByKey<IOfficeGrain>(State.To);
        var admission = await receiving.AdmitTransferAsync(Id, State.CaseNumber!);
        if (admission != TransferAdmission.Admitted)
        {
            throw new ReferralActionRefusedException(Id, State.Status, Accept, ReferralRules.AllowedActions(State.Status),
                admission == TransferAdmission.CaseEnded ? $"case {State.CaseNumber} has ended: there is nothing to take" : "the transfer is closed");
        }
        try
        {
            return await AnswerAsync(context, Accept, reason);
        }
        catch (Exception e) when (e is not StorageUnavailableException)
        {
            // The acceptance was refused or could not be written, for certain: the place goes back at once.
            // (After an outage its fate is unknown, and the place stays until the transfer ends.)
            await receiving.ReleaseTransferAsync(Id);
            throw;
        }
    }

    private async Task<ReferralSnapshot> AcceptIntakeAsync(CommandContext context, string? reason)
    {
        // The office registers the migrant first, under an operation id of the intake's own, so a
        // retry (or the reaction to a case registered from this intake) finds the same case.
        var intake = State.Intake ?? throw new InvalidOperationException($"Intake {Id} has no registration to make (its personal data was erased).");
        var registered = await GrainFactory.GetGrainByKey<IOfficeGrain>(State.To).RegisterCaseAsync(intake,
            new CommandContext(context.Actor, context.Role, $"intake:{Id}", Office: context.Office), Id);
        await ChangeAsync(() => ReferralDecider.RecordIntakeCase(State, registered.CaseNumber.ToString(), context.Actor, reason, clock.GetUtcNow()),
            context.OperationId);
        await ScheduleSlaAsync();
        return Snapshot();
    }

    private async Task<ReferralSnapshot> AnswerAsync(CommandContext context, ReferralAction action, string? reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        await EnsureOpenedAsync();
        if (await ChangeAsync(() => ReferralDecider.Answer(State, Id, action, context, reason, clock.GetUtcNow()), context.OperationId))
        {
            await ScheduleSlaAsync();
            await TellCaseAsync();
        }
        return Snapshot();
    }

    /// <summary>Decides on the current state and appends; decides again if another writer got there first. True when something changed.</summary>
    private async Task<bool> ChangeAsync(Func<IReadOnlyList<ReferralEvent>> decide, string? operationId)
    {
        for (var attempt = 1; ; attempt++)
        {
            await Stream.EnsureLoadedAsync();
            var events = decide();
            if (events.Count == 0)
            {
                return false;
            }
            if (await Stream.AppendAsync(events, new AppendOptions(OperationId: operationId)) is AppendResult.Appended)
            {
                return true;
            }
            if (attempt >= Attempts)
            {
                throw new StorageUnavailableException($"referral {Id} kept changing under another writer");
            }
        }
    }

    /// <summary>The prompt path to the case; the event log's reaction is the guarantee, so a failure here is only logged.</summary>
    private async Task TellCaseAsync()
    {
        if (State.CaseNumber is not { } caseNumber)
        {
            return;
        }
        try
        {
            await GrainFactory.GetGrainByKey<ICaseGrain>(caseNumber).ObserveReferralAsync(State.Progress(Id));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Referral {ReferralId} could not tell case {CaseNumber} now; the event log's reaction will", Id, caseNumber);
        }
    }

    /// <summary>
    /// Keeps the SLA reminder while the clock runs and the chain has steps left; removes it after.
    /// The change it follows is already stored, so a failure here is retried rather than reported.
    /// </summary>
    private async Task ScheduleSlaAsync()
    {
        try
        {
            var next = State.Sent && ReferralRules.SlaRunning(State.Kind, State.Status)
                ? SlaSchedule.NextStepAt(State.DueAt, options.Value.EscalationInterval, options.Value.Chain.Count, State.Escalations.Count)
                : null;
            if (next is { } at)
            {
                var dueTime = at - clock.GetUtcNow();
                await this.RegisterOrUpdateReminder(SlaReminder, dueTime > TimeSpan.Zero ? dueTime : TimeSpan.FromSeconds(1), options.Value.EscalationInterval);
            }
            else if (await this.GetReminder(SlaReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Referral {ReferralId} could not update its SLA reminder; it will retry", Id);
            this.RegisterGrainTimer(_ => ScheduleSlaAsync(), new GrainTimerCreationOptions(ReminderRetryDelay, Timeout.InfiniteTimeSpan));
        }
    }

    private void CheckCounterpart(ReferralRequest request)
    {
        var toOffice = request.Kind is ReferralKind.Transfer or ReferralKind.Intake;
        if (toOffice ? offices.Value.Find(request.To) is null : authorities.Value.Find(request.To) is null)
        {
            throw toOffice ? new UnknownOfficeException(request.To) : new UnknownAuthorityException(request.To);
        }
    }

    private ReferralSnapshot Snapshot()
    {
        var state = State;
        return new ReferralSnapshot(Id, state.Kind, state.CaseNumber, state.From, state.To, state.Status,
            state.Subject ?? new ReferralSubject("[erased]", "[erased]", DateOnly.MinValue, "", null, null, [], []),
            state.SentAt, state.DueAt, state.AcknowledgedAt, state.AnsweredAt, state.ClosedAt, state.Reason, state.Overdue,
            [.. state.Escalations], state.ConsentToShare, state.ConsentOverriddenBy, state.Note, state.SentBy, state.ResultingCaseNumber);
    }
}
