using Coordination.Grains.Authorities;
using Coordination.Grains.Directory;
using Coordination.Grains.Duplicates;
using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Offices;
using Coordination.Grains.Referrals;
using Coordination.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Coordination.Grains.Interfaces.Cases.CaseAction;

namespace Coordination.Grains.Cases;

/// <summary>
/// One migrant's case. Every command follows the same path: refuse a repeated operation, a stale
/// version or an action the lifecycle does not allow; build the next state; write it once; then
/// deliver what it owes other grains (referral cancellations, custody release, caseload).
/// </summary>
public sealed class CaseGrain(
    [PersistentState(GrainStorage.CaseState, GrainStorage.ProviderName)] IPersistentState<CaseState> @case,
    TimeProvider clock,
    IOptions<AuthorityCatalogOptions> authorities,
    IOptions<OfficeCatalogOptions> offices,
    ICaseDirectory directory,
    ILogger<CaseGrain> logger) : Grain, ICaseGrain
{
    /// <summary>How many recent operation ids a case remembers for retries.</summary>
    public const int RememberedOperations = 64;

    /// <summary>The office scope of a service account that works every office.</summary>
    public const string AnyOffice = "*";

    private static readonly TimeSpan OutboxRetryDelay = TimeSpan.FromSeconds(1);

    private string CaseNumberText => this.GetPrimaryKeyString();
    private CaseState State => @case.State;
    private bool Registered => State.Registration is not null;
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Outbox work left by a crash is delivered in a turn of its own: calling out during
        // activation could meet a caller that is itself waiting for this case.
        if (Registered && (State.PendingCancellations.Count > 0 || State.PendingReleaseFrom is not null))
        {
            this.RegisterGrainTimer(DeliverOutboxAsync, new GrainTimerCreationOptions(OutboxRetryDelay, Timeout.InfiniteTimeSpan));
        }
        return Task.CompletedTask;
    }

    public Task<CaseSnapshot?> GetAsync() => Task.FromResult(Registered ? Snapshot(StaffRole.Caseworker) : null);

    public Task<IReadOnlyList<CaseHistoryEntry>> GetHistoryAsync() =>
        Task.FromResult<IReadOnlyList<CaseHistoryEntry>>(State.History.ToList());

    public async Task<CaseSnapshot> RegisterAsync(string officeCode, CaseRegistration registration, string operationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operationId);
        if (Registered)
        {
            return State.RegistrationOperationId == operationId
                ? Snapshot(StaffRole.Caseworker)
                : throw new CaseAlreadyRegisteredException(CaseNumberText);
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

        var duplicates = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in DuplicateKeys.For(normalized))
        {
            duplicates.UnionWith(await GrainFactory.GetGrain<IDuplicateIndexGrain>(key).AddAsync(CaseNumberText));
        }

        await CommitAsync(new CaseState
        {
            OfficeCode = officeCode,
            Registration = normalized,
            Status = CaseStatus.Registered,
            RegisteredAt = now,
            RegistrationOperationId = operationId,
            Version = 1,
            PossibleDuplicates = [.. duplicates],
            History = [new CaseHistoryEntry(now, $"office:{officeCode}", "Register", CaseStatus.Registered, CaseStatus.Registered,
                duplicates.Count == 0 ? null : $"possible duplicate of {string.Join(", ", duplicates)}", 1)],
        });
        await PublishAsync();
        return Snapshot(StaffRole.Caseworker);
    }

    public Task<CaseSnapshot> RecordCounsellingAsync(CommandContext context, string? notes)
    {
        FreeText.Check(notes, "notes");
        return ExecuteAsync(context, RecordCounselling, notes, (next, _) =>
        {
            next.Counselled = true;
            return Task.CompletedTask;
        });
    }

    public Task<CaseSnapshot> RecordScreeningAsync(CommandContext context, bool eligible, string? reason)
    {
        if (!eligible)
        {
            FreeText.Require(reason, "reason", "A reason is required when a migrant is found ineligible.");
        }
        FreeText.Check(reason, "reason");
        return ExecuteAsync(context, RecordScreening, reason, (next, _) =>
        {
            if (eligible)
            {
                next.Status = CaseStatus.Screened;
            }
            else
            {
                next.StatusBeforeTermination = next.Status;
                next.Status = CaseStatus.Ineligible;
            }
            return Task.CompletedTask;
        });
    }

    public Task<CaseSnapshot> RecordRiskAssessmentAsync(CommandContext context, RiskLevel level, string summary)
    {
        FreeText.Require(summary, "summary", "A risk assessment needs a summary.");
        return ExecuteAsync(context, RecordRiskAssessment, $"{level} risk: {summary.Trim()}", (next, now) =>
        {
            next.RiskAssessment = new RiskAssessment(level, summary.Trim(), now, context.Actor);
            return Task.CompletedTask;
        });
    }

    public Task<CaseSnapshot> RecordConsentAsync(CommandContext context) =>
        ExecuteAsync(context, RecordConsent, null, (_, _) => Task.CompletedTask);

    public Task<CaseSnapshot> RequestExitClearanceAsync(CommandContext context, ReferralConsent consent) =>
        ExecuteAsync(context, RequestExitClearance, ConsentNote(consent), (next, _) =>
            SendReferralAsync(next, context, RequestExitClearance, ReferralKind.ExitClearance,
                AuthorityOfKind(AuthorityKind.Migration, RequestExitClearance), consent));

    public Task<CaseSnapshot> RequestTravelDocumentAsync(CommandContext context, ReferralConsent consent)
    {
        return ExecuteAsync(context, RequestTravelDocument, ConsentNote(consent), (next, _) =>
        {
            var consulate = authorities.Value.ConsulateOf(next.Registration!.Nationality)
                ?? throw Refused(RequestTravelDocument, $"no consulate of {next.Registration.Nationality} is configured");
            return SendReferralAsync(next, context, RequestTravelDocument, ReferralKind.TravelDocument, consulate.Code, consent);
        });
    }

    public Task<CaseSnapshot> ReferForChildProtectionAsync(CommandContext context, ReferralConsent consent) =>
        ExecuteAsync(context, ReferForChildProtection, ConsentNote(consent), (next, _) =>
            SendReferralAsync(next, context, ReferForChildProtection, ReferralKind.ChildProtection,
                AuthorityOfKind(AuthorityKind.ChildProtection, ReferForChildProtection), consent));

    public Task<CaseSnapshot> ReferForProtectionAsync(CommandContext context, string recipient, ReferralConsent consent)
    {
        var authority = authorities.Value.Find(recipient);
        if (authority is not { Kind: AuthorityKind.HumanRights or AuthorityKind.ChildProtection })
        {
            throw new InvalidCaseDataException(new Dictionary<string, string[]>
            {
                ["recipient"] = [$"'{recipient}' is not a configured protection authority (CNDH, a shelter or DIF)."],
            });
        }
        return ExecuteAsync(context, ReferForProtection, ConsentNote(consent), (next, _) =>
            SendReferralAsync(next, context, ReferForProtection, ReferralKind.Protection, authority.Code, consent));
    }

    public Task<CaseSnapshot> RequestTransferAsync(CommandContext context, string toOfficeCode, string reason)
    {
        FreeText.Require(reason, "reason", "A transfer needs a reason.");
        if (offices.Value.Find(toOfficeCode) is null)
        {
            throw new InvalidCaseDataException(new Dictionary<string, string[]> { ["toOfficeCode"] = [$"There is no office '{toOfficeCode}'."] });
        }
        return ExecuteAsync(context, RequestTransfer, reason, (next, _) =>
            toOfficeCode == next.OfficeCode
                ? throw Refused(RequestTransfer, $"the case is already in the custody of {toOfficeCode}")
                : SendReferralAsync(next, context, RequestTransfer, ReferralKind.Transfer, toOfficeCode, ReferralConsent.Granted, reason));
    }

    public Task<CaseSnapshot> BookTravelAsync(CommandContext context, TravelBooking booking)
    {
        var errors = new Dictionary<string, string[]>();
        if (booking.DepartureDate < Today)
        {
            errors["departureDate"] = ["The departure date is in the past."];
        }
        if (string.IsNullOrWhiteSpace(booking.Carrier))
        {
            errors["carrier"] = ["The carrier is required."];
        }
        if (string.IsNullOrWhiteSpace(booking.Destination))
        {
            errors["destination"] = ["The destination is required."];
        }
        foreach (var (field, text) in new[] { ("carrier", booking.Carrier), ("itinerary", booking.Itinerary), ("destination", booking.Destination) })
        {
            if (text is { Length: > 200 } || (text?.Any(char.IsControl) ?? false))
            {
                errors[field] = ["At most 200 characters, without control characters."];
            }
        }
        if (errors.Count > 0)
        {
            throw new InvalidCaseDataException(errors);
        }
        return ExecuteAsync(context, BookTravel, $"{booking.Carrier} {booking.Itinerary} on {booking.DepartureDate:yyyy-MM-dd} to {booking.Destination}", (next, _) =>
        {
            next.TravelBooking = booking;
            return Task.CompletedTask;
        });
    }

    public Task<CaseSnapshot> RecordDepartureAsync(CommandContext context) => ExecuteAsync(context, RecordDeparture, null, null);

    public Task<CaseSnapshot> RecordArrivalAsync(CommandContext context) => ExecuteAsync(context, RecordArrival, null, null);

    public Task<CaseSnapshot> StartReintegrationAsync(CommandContext context) => ExecuteAsync(context, StartReintegration, null, null);

    public Task<CaseSnapshot> CloseAsync(CommandContext context, string? reason)
    {
        FreeText.Check(reason, "reason");
        return ExecuteAsync(context, Close, reason, (next, _) =>
        {
            next.StatusBeforeTermination = State.Status;
            return Task.CompletedTask;
        });
    }

    public Task<CaseSnapshot> WithdrawAsync(CommandContext context, string reason)
    {
        FreeText.Require(reason, "reason", "A withdrawal needs a reason.");
        return ExecuteAsync(context, Withdraw, reason, (next, _) =>
        {
            next.StatusBeforeTermination = State.Status == CaseStatus.OnHold ? State.StatusBeforeHold : State.Status;
            next.StatusBeforeHold = null;
            next.HoldReason = null;
            next.TravelBooking = null;
            // Every open referral is cancelled in the same write; the referrals hear of it right after.
            next.PendingCancellations = [.. next.Referrals.Where(r => ReferralRules.IsOpen(r.Status)).Select(r => r.ReferralId)];
            next.Referrals = [.. next.Referrals.Select(r => ReferralRules.IsOpen(r.Status) ? r with { Status = ReferralStatus.Cancelled } : r)];
            return Task.CompletedTask;
        });
    }

    public Task<CaseSnapshot> PutOnHoldAsync(CommandContext context, string reason)
    {
        FreeText.Require(reason, "reason", "Putting a case on hold needs a reason.");
        return ExecuteAsync(context, PutOnHold, reason, (next, _) =>
        {
            next.StatusBeforeHold = State.Status;
            next.HoldReason = reason.Trim();
            return Task.CompletedTask;
        });
    }

    public Task<CaseSnapshot> ResumeAsync(CommandContext context) =>
        ExecuteAsync(context, Resume, null, (next, _) =>
        {
            next.Status = State.StatusBeforeHold ?? CaseStatus.Registered;
            next.StatusBeforeHold = null;
            next.HoldReason = null;
            return Task.CompletedTask;
        });

    public Task<CaseSnapshot> ReopenAsync(CommandContext context, string reason)
    {
        FreeText.Require(reason, "reason", "Reopening a case needs a reason.");
        return ExecuteAsync(context, Reopen, reason, (next, _) =>
        {
            next.Status = CaseLifecycle.ReopenTarget(State.Status, State.StatusBeforeTermination, State.Counselled);
            next.StatusBeforeTermination = null;
            if (State.Status is CaseStatus.Withdrawn or CaseStatus.Ineligible)
            {
                // Consent and clearance belonged to the return that was abandoned or refused.
                next.TravelBooking = null;
            }
            return Task.CompletedTask;
        });
    }

    public async Task ApplyReferralUpdateAsync(ReferralUpdate update)
    {
        if (!Registered)
        {
            logger.LogWarning("Referral {ReferralId} reported to {CaseNumber}, which is not registered", update.ReferralId, CaseNumberText);
            return;
        }
        var known = State.Referrals.FindIndex(r => r.ReferralId == update.ReferralId);
        var entry = new CaseReferral(update.ReferralId, update.Kind, update.To, update.Status, update.Overdue);
        if (known >= 0 && (State.Referrals[known] == entry || ReferralRules.Stage(update.Status) < ReferralRules.Stage(State.Referrals[known].Status)))
        {
            return; // already applied, or older than what the case knows (say, an answer that crossed a withdrawal)
        }

        var next = State.Copy();
        if (known >= 0)
        {
            next.Referrals[known] = entry;
        }
        else
        {
            next.Referrals.Add(entry);
        }
        var statusChanged = known < 0 || State.Referrals[known].Status != update.Status;
        if (statusChanged)
        {
            ApplyOutcome(next, update);
        }

        var now = clock.GetUtcNow();
        next.Version++;
        var @event = statusChanged ? $"{update.Kind}{update.Status}" : $"{update.Kind}Overdue";
        next.History.Add(new CaseHistoryEntry(now, update.Actor, @event, State.Status, next.Status,
            update.Reason is null ? update.ReferralId : $"{update.ReferralId}: {update.Reason}", next.Version));
        await CommitAsync(next);
        await AfterCommitAsync();
    }

    /// <summary>How a referral's answer moves the case; a case that moved on (withdrawn, say) only records it.</summary>
    private static void ApplyOutcome(CaseState next, ReferralUpdate update)
    {
        // While on hold, the outcome applies to the status the case will resume at.
        var status = next.Status == CaseStatus.OnHold ? next.StatusBeforeHold : next.Status;
        switch (update.Kind, update.Status)
        {
            case (ReferralKind.ExitClearance, ReferralStatus.Accepted) when status == CaseStatus.ClearanceRequested:
                status = CaseStatus.Cleared;
                break;
            case (ReferralKind.ExitClearance, ReferralStatus.Declined or ReferralStatus.Cancelled) when status is CaseStatus.ClearanceRequested or CaseStatus.Cleared:
                status = CaseStatus.Consented; // clearance must be asked for again
                break;
            case (ReferralKind.TravelDocument, ReferralStatus.Completed):
                next.TravelDocumentIssued = true;
                break;
            case (ReferralKind.ChildProtection, ReferralStatus.Accepted):
                next.ChildProtectionAccepted = true;
                break;
            case (ReferralKind.Transfer, ReferralStatus.Accepted) when !CaseLifecycle.Terminal.Contains(next.Status):
                next.PendingReleaseFrom = next.OfficeCode;
                next.OfficeCode = update.To;
                break;
            case (ReferralKind.Transfer, ReferralStatus.Accepted):
                next.PendingReleaseFrom = update.To; // the case ended meanwhile: give the receiving office its place back
                break;
        }
        if (next.Status == CaseStatus.OnHold)
        {
            next.StatusBeforeHold = status;
        }
        else if (status is { } moved)
        {
            next.Status = moved;
        }
    }

    private async Task<CaseSnapshot> ExecuteAsync(CommandContext context, CaseAction action, string? reason, Func<CaseState, DateTimeOffset, Task>? apply)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(context.OperationId);
        if (!Registered)
        {
            throw new UnknownCaseException(CaseNumberText);
        }
        if (State.RecentOperations.Any(o => o.OperationId == context.OperationId))
        {
            return Snapshot(context.Role);
        }
        if (context.ExpectedVersion is { } expected && expected != State.Version)
        {
            throw new StaleCaseVersionException(CaseNumberText, expected, State.Version);
        }
        if (context.Office is { } office && office != AnyOffice && office != State.OfficeCode)
        {
            // Custody moved between the caller's look at the case and this command.
            throw Refused(action, $"the case is in the custody of {State.OfficeCode}, not {office}", context.Role);
        }
        if (CaseLifecycle.Refusal(Facts(State), action, context.Role) is { } refusal)
        {
            throw Refused(action, refusal, context.Role);
        }

        var now = clock.GetUtcNow();
        var next = State.Copy();
        next.Status = CaseLifecycle.Target(State.Status, action);
        if (apply is not null)
        {
            await apply(next, now);
        }
        next.Version++;
        next.History.Add(new CaseHistoryEntry(now, context.Actor, action.ToString(), State.Status, next.Status,
            string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), next.Version));
        next.RecentOperations.Add(new CaseOperation(context.OperationId, next.Version));
        if (next.RecentOperations.Count > RememberedOperations)
        {
            next.RecentOperations.RemoveRange(0, next.RecentOperations.Count - RememberedOperations);
        }
        await CommitAsync(next);
        await AfterCommitAsync();
        return Snapshot(context.Role);
    }

    private async Task SendReferralAsync(CaseState next, CommandContext context, CaseAction action, ReferralKind kind, string to, ReferralConsent consent, string? note = null)
    {
        if (!consent.Given)
        {
            if (context.Role != StaffRole.Supervisor)
            {
                throw Refused(action, $"the migrant has not consented to share their data with {to}; only a supervisor may override", context.Role);
            }
            FreeText.Require(consent.OverrideReason, "overrideReason", "A supervisor's override of consent needs a reason.");
        }

        // The id is derived from the case's own sequence, so a retry after a failed write resends the same
        // referral. An id taken by another referral (sent before a case write that failed) is skipped.
        var request = new ReferralRequest(kind, CaseNumberText, next.OfficeCode, to, ReferralSubjects.For(kind, next.Registration!),
            null, consent.Given, consent.Given ? null : context.Actor, note, context.Actor);
        while (true)
        {
            next.ReferralSequence++;
            var referralId = $"{CaseNumberText}-R{next.ReferralSequence:D2}";
            var sent = await GrainFactory.GetGrain<IReferralGrain>(referralId).SendAsync(request);
            if (sent.Kind == kind && sent.To == to)
            {
                next.Referrals.Add(new CaseReferral(referralId, kind, to, sent.Status, sent.Overdue));
                return;
            }
            next.Referrals.Add(new CaseReferral(referralId, sent.Kind, sent.To, sent.Status, sent.Overdue));
        }
    }

    private async Task CommitAsync(CaseState next)
    {
        var previous = @case.State;
        @case.State = next;
        try
        {
            await @case.WriteStateAsync();
        }
        catch
        {
            @case.State = previous;
            throw;
        }
    }

    /// <summary>Delivers the outbox, publishes to the case directory and reports the status to the office with custody.</summary>
    private async Task AfterCommitAsync()
    {
        await DeliverOutboxAsync(CancellationToken.None);
        await PublishAsync();
        try
        {
            await GrainFactory.GetGrain<IOfficeGrain>(State.OfficeCode).TrackCaseAsync(CaseNumberText, State.Status, State.Version);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Case {CaseNumber} could not report its status to office {Office}; it will on its next change", CaseNumberText, State.OfficeCode);
        }
    }

    /// <summary>The directory retries a failed write by itself; the case only notes it.</summary>
    private async Task PublishAsync()
    {
        try
        {
            await directory.PublishAsync(CaseDirectoryEntry.From(CaseNumberText, State));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Case {CaseNumber} version {Version} is not in the case directory yet; it is being retried", CaseNumberText, State.Version);
        }
    }

    private async Task DeliverOutboxAsync(CancellationToken cancellationToken)
    {
        var failed = false;
        foreach (var referralId in State.PendingCancellations.ToList())
        {
            try
            {
                await GrainFactory.GetGrain<IReferralGrain>(referralId).CancelFromCaseAsync($"case:{CaseNumberText}", "the migrant withdrew");
                State.PendingCancellations.Remove(referralId);
            }
            catch (ReferralActionRefusedException)
            {
                State.PendingCancellations.Remove(referralId); // already answered or closed: nothing left to cancel
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Case {CaseNumber} could not cancel referral {ReferralId} yet", CaseNumberText, referralId);
                failed = true;
            }
        }
        if (State.PendingReleaseFrom is { } releaseFrom)
        {
            try
            {
                await GrainFactory.GetGrain<IOfficeGrain>(releaseFrom).ReleaseCaseAsync(CaseNumberText);
                State.PendingReleaseFrom = null;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Case {CaseNumber} could not tell office {Office} it left its custody yet", CaseNumberText, releaseFrom);
                failed = true;
            }
        }
        if (failed)
        {
            // Withdrawn cases are rarely touched again: the case retries on its own until the work lands.
            this.RegisterGrainTimer(DeliverOutboxAsync, new GrainTimerCreationOptions(OutboxRetryDelay * 10, Timeout.InfiniteTimeSpan));
        }
    }

    private CaseFacts Facts(CaseState state) => new(
        state.Status,
        state.Registration!,
        state.ChildProtectionAccepted,
        state.RiskAssessment is not null,
        TravelDocumentReady(state),
        state.Referrals,
        Today);

    private bool TravelDocumentReady(CaseState state) =>
        state.TravelDocumentIssued
        || state.Registration?.Document is { Type: DocumentType.Passport } passport && (passport.ExpiresOn is null || passport.ExpiresOn >= Today);

    private string AuthorityOfKind(AuthorityKind kind, CaseAction action) =>
        authorities.Value.FirstOfKind(kind)?.Code ?? throw Refused(action, $"no {kind} authority is configured");

    private CaseActionRefusedException Refused(CaseAction action, string reason, StaffRole role = StaffRole.Caseworker) =>
        new(CaseNumberText, State.Status, action, reason, CaseLifecycle.AllowedActions(Facts(State), role));

    private static string? ConsentNote(ReferralConsent consent) =>
        consent.Given ? null : $"sent without the migrant's consent to share: {consent.OverrideReason?.Trim()}";

    private CaseNumber CaseNumberFromKey() =>
        CaseNumber.TryParse(CaseNumberText, out var number)
            ? number
            : throw new InvalidOperationException($"'{CaseNumberText}' is not a case number.");

    private CaseSnapshot Snapshot(StaffRole role) => new(
        CaseNumberFromKey(),
        State.OfficeCode,
        State.Registration!,
        State.Status,
        State.RegisteredAt,
        State.Version,
        State.StatusBeforeHold,
        State.HoldReason,
        State.RiskAssessment,
        State.ChildProtectionAccepted,
        TravelDocumentReady(State),
        State.TravelBooking,
        [.. State.Referrals],
        [.. State.PossibleDuplicates],
        CaseLifecycle.AllowedActions(Facts(State), role));
}
