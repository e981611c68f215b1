using Coordination.Grains.Authorities;
using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Offices;
using Coordination.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Coordination.Grains.Interfaces.Referrals.ReferralAction;

namespace Coordination.Grains.Referrals;

/// <summary>
/// One referral: the handshake between a case and its counterpart. Its SLA is a durable Orleans
/// reminder that survives restarts; every tick re-derives from the stored state which escalation
/// steps are due, so a late or repeated tick takes each step exactly once.
/// </summary>
/// <remarks>
/// Calls out (to the case, the counterpart, an office) are made outside <see cref="_gate"/>:
/// <see cref="CancelAsync"/> interleaves, and the case calling it may be the grain this referral
/// is waiting on.
/// </remarks>
public sealed class ReferralGrain(
    [PersistentState(GrainStorage.ReferralState, GrainStorage.ProviderName)] IPersistentState<ReferralState> referral,
    TimeProvider clock,
    IOptions<ReferralOptions> options,
    IOptions<AuthorityCatalogOptions> authorities,
    IOptions<OfficeCatalogOptions> offices,
    ILogger<ReferralGrain> logger) : Grain, IReferralGrain, IRemindable
{
    public const string SlaReminder = "sla";
    private static readonly TimeSpan NotificationRetryDelay = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);

    private string Id => this.GetPrimaryKeyString();
    private ReferralState State => referral.State;
    private ReferralRequest? Request => State.Request;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Request is not null && State.NotificationPending)
        {
            this.RegisterGrainTimer(_ => NotifyAsync(), new GrainTimerCreationOptions(NotificationRetryDelay, Timeout.InfiniteTimeSpan));
        }
        return Task.CompletedTask;
    }

    public Task<ReferralSnapshot?> GetAsync() => Task.FromResult(Request is null ? null : Snapshot());

    public async Task<ReferralSnapshot> SendAsync(ReferralRequest request)
    {
        // Already sent: a retry of the same send, or an id the caller skips (it compares kind and counterpart).
        var alreadySent = Request is not null;
        if (!alreadySent)
        {
            CheckCounterpart(request);
            FreeText.Check(request.Note, "note");
            await _gate.WaitAsync();
            try
            {
                var now = clock.GetUtcNow();
                await CommitAsync(new ReferralState
                {
                    Request = request,
                    Status = ReferralStatus.Sent,
                    SentAt = now,
                    DueAt = now + options.Value.SlaOf(request.Kind),
                    LastActor = request.SentBy,
                    NotificationPending = true,
                });
            }
            finally
            {
                _gate.Release();
            }
        }
        await ScheduleSlaAsync();
        if (!alreadySent)
        {
            await NotifyAsync(notifyCase: false);
        }
        return Snapshot();
    }

    public Task<ReferralSnapshot> AcknowledgeAsync(CommandContext context) =>
        ChangeAsync(context, Acknowledge, null, (next, now) => next.AcknowledgedAt = now);

    public async Task<ReferralSnapshot> AcceptAsync(CommandContext context)
    {
        var request = RequireSent();
        Check(Accept);
        static void Answered(ReferralState next, DateTimeOffset now)
        {
            next.AnsweredAt = now;
            next.AcknowledgedAt ??= now;
        }
        switch (request.Kind)
        {
            case ReferralKind.Transfer:
                // The receiving office takes custody only within its capacity; a full office refuses
                // and the referral stays as it was. The case reports its real status right after.
                var receiving = GrainFactory.GetGrain<IOfficeGrain>(request.To);
                await receiving.AcceptTransferAsync(request.CaseNumber!, CaseStatus.Registered, 0);
                try
                {
                    await ChangeAsync(context, Accept, null, Answered);
                }
                catch when (State.Status != ReferralStatus.Accepted)
                {
                    await receiving.ReleaseCaseAsync(request.CaseNumber!); // not accepted after all: give the place back
                    throw;
                }
                // Custody has moved: nothing is left to do, so the transfer is complete.
                return await ChangeAsync(context, Complete, null, (next, now) => next.ClosedAt = now);
            case ReferralKind.Intake:
                var registered = await GrainFactory.GetGrain<IOfficeGrain>(request.To).RegisterCaseAsync(request.Intake!, Id);
                await ChangeAsync(context, Accept, null, (next, now) =>
                {
                    Answered(next, now);
                    next.ResultingCaseNumber = registered.CaseNumber.ToString();
                });
                return await ChangeAsync(context, Complete, null, (next, now) => next.ClosedAt = now);
            default:
                return await ChangeAsync(context, Accept, null, Answered);
        }
    }

    public Task<ReferralSnapshot> DeclineAsync(CommandContext context, string reason)
    {
        FreeText.Require(reason, "reason", "A decline needs a reason.");
        return ChangeAsync(context, Decline, reason.Trim(), (next, now) =>
        {
            next.AnsweredAt = now;
            next.AcknowledgedAt ??= now;
            next.ClosedAt = now;
        });
    }

    public Task<ReferralSnapshot> CompleteAsync(CommandContext context) =>
        ChangeAsync(context, Complete, null, (next, now) => next.ClosedAt = now);

    public Task<ReferralSnapshot> CancelAsync(CommandContext context, string reason)
    {
        FreeText.Check(reason, "reason");
        return ChangeAsync(context, Cancel, reason, (next, now) => next.ClosedAt = now);
    }

    public Task<ReferralSnapshot> CancelFromCaseAsync(string actor, string reason) =>
        // The case is waiting for this answer and already knows: calling it back would deadlock.
        ChangeAsync(new CommandContext(actor, StaffRole.Automation, $"{Id}:cancel"), Cancel, reason, (next, now) => next.ClosedAt = now, notifyCase: false);

    public async Task<ReferralSnapshot> CheckSlaAsync()
    {
        RequireSent();
        bool changed;
        await _gate.WaitAsync();
        try
        {
            var now = clock.GetUtcNow();
            var chain = options.Value.Chain;
            var steps = ReferralRules.SlaRunning(Request!.Kind, State.Status)
                ? SlaSchedule.StepsDue(State.DueAt, now, options.Value.EscalationInterval, chain, State.Escalations.Count)
                : [];
            changed = steps.Count > 0;
            if (changed)
            {
                var next = State.Copy();
                next.Overdue = true;
                next.Escalations.AddRange(steps);
                next.LastActor = "sla";
                next.NotificationPending = true;
                await CommitAsync(next);
                logger.LogInformation("Referral {ReferralId} is overdue; escalated to {Levels}", Id, string.Join(", ", steps.Select(s => s.Level)));
            }
        }
        finally
        {
            _gate.Release();
        }
        await ScheduleSlaAsync();
        if (changed)
        {
            await NotifyAsync();
        }
        return Snapshot();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == SlaReminder && Request is not null ? CheckSlaAsync() : Task.CompletedTask;

    private async Task<ReferralSnapshot> ChangeAsync(CommandContext context, ReferralAction action, string? reason,
        Action<ReferralState, DateTimeOffset> apply, bool notifyCase = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        RequireSent();
        await _gate.WaitAsync();
        try
        {
            Check(action);
            var now = clock.GetUtcNow();
            var next = State.Copy();
            next.Status = ReferralRules.Target(action);
            next.Reason = reason ?? next.Reason;
            next.LastActor = context.Actor;
            next.NotificationPending = true;
            apply(next, now);
            await CommitAsync(next);
        }
        finally
        {
            _gate.Release();
        }
        await ScheduleSlaAsync();
        await NotifyAsync(notifyCase);
        return Snapshot();
    }

    /// <summary>
    /// Keeps the SLA reminder while the clock runs and the chain has steps left; removes it after.
    /// The change it follows is already stored, so a failure here is retried rather than reported.
    /// </summary>
    private async Task ScheduleSlaAsync()
    {
        try
        {
            await ScheduleSlaOnceAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Referral {ReferralId} could not update its SLA reminder; it will retry", Id);
            this.RegisterGrainTimer(_ => ScheduleSlaAsync(), new GrainTimerCreationOptions(NotificationRetryDelay * 10, Timeout.InfiniteTimeSpan));
        }
    }

    private async Task ScheduleSlaOnceAsync()
    {
        var next = ReferralRules.SlaRunning(Request!.Kind, State.Status)
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

    /// <summary>Tells the case and the counterpart of the current state; both ignore what they already know.</summary>
    private async Task NotifyAsync(bool notifyCase = true)
    {
        var request = Request!;
        try
        {
            var item = new ReferralInboxItem(Id, request.Kind, request.CaseNumber, request.From, State.Status, State.SentAt, State.DueAt,
                State.AcknowledgedAt, State.AnsweredAt, State.Overdue);
            if (request.Kind is ReferralKind.Transfer or ReferralKind.Intake)
            {
                await GrainFactory.GetGrain<IOfficeGrain>(request.To).ReferralChangedAsync(item);
            }
            else
            {
                await GrainFactory.GetGrain<IAuthorityLiaisonGrain>(request.To).ReferralChangedAsync(item);
            }
            if (request.Kind == ReferralKind.Transfer)
            {
                await GrainFactory.GetGrain<IOfficeGrain>(request.From).OutboundTransferChangedAsync(item);
            }
            if (notifyCase && request.CaseNumber is not null)
            {
                await GrainFactory.GetGrain<ICaseGrain>(request.CaseNumber).ApplyReferralUpdateAsync(
                    new ReferralUpdate(Id, request.Kind, request.To, State.Status, State.Overdue, State.LastActor, State.Reason));
            }
            State.NotificationPending = false; // stored with the next change; a repeat is harmless
        }
        catch (Exception e) when (e is not CoordinationException)
        {
            logger.LogWarning(e, "Referral {ReferralId} could not notify its case or counterpart; it will retry", Id);
            this.RegisterGrainTimer(_ => NotifyAsync(), new GrainTimerCreationOptions(NotificationRetryDelay, Timeout.InfiniteTimeSpan));
        }
    }

    private void CheckCounterpart(ReferralRequest request)
    {
        var toOffice = request.Kind is ReferralKind.Transfer or ReferralKind.Intake;
        if (toOffice ? offices.Value.Find(request.To) is null : authorities.Value.Find(request.To) is null)
        {
            throw toOffice ? new UnknownOfficeException(request.To) : new UnknownAuthorityException(request.To);
        }
        if (request.Kind == ReferralKind.Intake ? request.Intake is null : request.CaseNumber is null)
        {
            throw new ArgumentException(request.Kind == ReferralKind.Intake ? "An intake carries the registration to make." : "A referral needs its case.", nameof(request));
        }
    }

    private void Check(ReferralAction action)
    {
        if (!ReferralRules.Allows(State.Status, action))
        {
            throw new ReferralActionRefusedException(Id, State.Status, action, ReferralRules.AllowedActions(State.Status));
        }
    }

    private ReferralRequest RequireSent() => Request ?? throw new UnknownReferralException(Id);

    private async Task CommitAsync(ReferralState next)
    {
        var previous = referral.State;
        referral.State = next;
        try
        {
            await referral.WriteStateAsync();
        }
        catch
        {
            referral.State = previous;
            throw;
        }
    }

    private ReferralSnapshot Snapshot()
    {
        var request = Request!;
        return new ReferralSnapshot(Id, request.Kind, request.CaseNumber, request.From, request.To, State.Status, request.Subject,
            State.SentAt, State.DueAt, State.AcknowledgedAt, State.AnsweredAt, State.ClosedAt, State.Reason, State.Overdue,
            [.. State.Escalations], request.ConsentToShare, request.ConsentOverriddenBy, request.Note, request.SentBy, State.ResultingCaseNumber);
    }
}
