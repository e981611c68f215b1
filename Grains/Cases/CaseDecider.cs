using Coordination.Grains.Authorities;
using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Offices;
using Coordination.Grains.Referrals;
using static Coordination.Grains.Interfaces.Cases.CaseAction;

namespace Coordination.Grains.Cases;

/// <summary>What a decision about a case may look at besides the case: who asks, when, and the configured counterparts.</summary>
public sealed record CaseDecisionContext(
    string CaseNumber,
    int Version,
    CommandContext Command,
    DateTimeOffset Now,
    AuthorityCatalogOptions Authorities,
    OfficeCatalogOptions Offices)
{
    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);
}

/// <summary>
/// The case lifecycle as a pure decision: given the case, a command and the context, the events
/// the command produces, or a refusal (a domain exception naming why). No events means the command
/// was already carried out under the same operation id. Nothing here reads a clock or a database.
/// </summary>
public static class CaseDecider
{
    /// <summary>Who a case's own reactions act as in its history.</summary>
    public const string AnyOffice = "*";

    public static IReadOnlyList<CaseEvent> Decide(CaseState state, CaseCommand command, CaseDecisionContext context)
    {
        Validate(command);
        ValidateCounterpart(command, context.Authorities, context.Offices);
        var caller = context.Command;
        if (!state.Registered)
        {
            throw new UnknownCaseException(context.CaseNumber);
        }
        if (state.RecentOperations.Contains(caller.OperationId) || OpenedByRule(state, command) is not null)
        {
            return [];
        }
        if (caller.ExpectedVersion is { } expected && expected != context.Version)
        {
            throw new StaleCaseVersionException(context.CaseNumber, expected, context.Version);
        }
        if (state.Registration is null || state.Erasure is not null)
        {
            throw Refused(state, command.Action, "the case's personal data was erased", context);
        }
        if (caller.Office is { } office && office != AnyOffice && office != state.OfficeCode)
        {
            // Custody moved between the caller's look at the case and this command.
            throw Refused(state, command.Action, $"the case is in the custody of {state.OfficeCode}, not {office}", context);
        }
        if (CaseLifecycle.Refusal(Facts(state, context.Today), command.Action, caller.Role) is { } refusal)
        {
            throw Refused(state, command.Action, refusal, context);
        }

        var (at, by) = (context.Now, caller.Actor);
        return command switch
        {
            CaseCommand.RecordCounselling c => [new CounsellingRecorded(at, by, Trimmed(c.Notes))],
            CaseCommand.RecordScreening c => [new ScreeningRecorded(at, by, c.Eligible, Trimmed(c.Reason))],
            CaseCommand.RecordRiskAssessment c => [new RiskAssessed(at, by, c.Level, c.Summary.Trim())],
            CaseCommand.RecordConsent => [new ConsentRecorded(at, by)],
            CaseCommand.RequestExitClearance c => [Refer(state, context, command.Action, ReferralKind.ExitClearance,
                AuthorityOfKind(state, context, AuthorityKind.Migration, command.Action), c.Consent, null)],
            CaseCommand.RequestTravelDocument c => [Refer(state, context, command.Action, ReferralKind.TravelDocument,
                context.Authorities.ConsulateOf(state.Nationality)?.Code
                    ?? throw Refused(state, command.Action, $"no consulate of {state.Nationality} is configured", context), c.Consent, null)],
            CaseCommand.ReferForChildProtection c => [Refer(state, context, command.Action, ReferralKind.ChildProtection,
                AuthorityOfKind(state, context, AuthorityKind.ChildProtection, command.Action), c.Consent, null)],
            CaseCommand.ReferForProtection c => [Refer(state, context, command.Action, ReferralKind.Protection,
                context.Authorities.Find(c.Recipient)!.Code, c.Consent, null)],
            CaseCommand.RequestTransfer c => c.ToOfficeCode == state.OfficeCode
                ? throw Refused(state, command.Action, $"the case is already in the custody of {c.ToOfficeCode}", context)
                : [Refer(state, context, command.Action, ReferralKind.Transfer, c.ToOfficeCode, ReferralConsent.Granted, c.Reason.Trim())],
            CaseCommand.BookTravel c => [new TravelBooked(at, by, c.Booking.DepartureDate, c.Booking)],
            CaseCommand.RecordDeparture => [new DepartureRecorded(at, by)],
            CaseCommand.RecordArrival => [new ArrivalRecorded(at, by)],
            CaseCommand.StartReintegration => [new ReintegrationStarted(at, by)],
            CaseCommand.Close c => [new CaseClosed(at, by, Trimmed(c.Reason))],
            CaseCommand.Withdraw c => [new CaseWithdrawn(at, by, c.Reason.Trim(),
                [.. state.Referrals.Where(r => ReferralRules.IsOpen(r.Status)).Select(r => r.ReferralId)])],
            CaseCommand.PutOnHold c => [new CasePutOnHold(at, by, c.Reason.Trim())],
            CaseCommand.Resume => [new CaseResumed(at, by)],
            CaseCommand.Reopen c => [new CaseReopened(at, by, c.Reason.Trim())],
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a case command."),
        };
    }

    /// <summary>
    /// The open referral a rule already opened that a person's request for one asks for again: the
    /// request is answered with it (no second referral, no refusal), so apps that ask by hand keep
    /// working while rules run.
    /// </summary>
    public static CaseReferral? OpenedByRule(CaseState state, CaseCommand command)
    {
        (ReferralKind Kind, string? To)? wanted = command switch
        {
            CaseCommand.RequestExitClearance => (ReferralKind.ExitClearance, null),
            CaseCommand.RequestTravelDocument => (ReferralKind.TravelDocument, null),
            CaseCommand.ReferForChildProtection => (ReferralKind.ChildProtection, null),
            CaseCommand.ReferForProtection c => (ReferralKind.Protection, c.Recipient),
            _ => null,
        };
        return wanted is { } w
            ? state.Referrals.Find(r => r.OpenedByRule is not null && r.Kind == w.Kind && ReferralRules.IsOpen(r.Status)
                && (w.To is null || string.Equals(r.To, w.To, StringComparison.OrdinalIgnoreCase)))
            : null;
    }

    /// <summary>
    /// What a referral's progress means to the case: one event when the referral got further than the
    /// case knew (or became overdue), none when the case knows as much already or more (a late or
    /// repeated report, or an answer that crossed a withdrawal).
    /// </summary>
    public static IReadOnlyList<CaseEvent> Observe(CaseState state, ReferralProgress progress, DateTimeOffset now)
    {
        var known = state.Referrals.Find(r => r.ReferralId == progress.ReferralId);
        if (!state.Registered || known is null)
        {
            return [];
        }
        var further = ReferralRules.Stage(progress.Status) > ReferralRules.Stage(known.Status);
        var nowOverdue = progress.Overdue && !known.Overdue && ReferralRules.IsOpen(known.Status);
        if (!further && !nowOverdue)
        {
            return [];
        }
        return [new ReferralProgressed(now, progress.Actor, progress.ReferralId, known.Kind, further ? progress.Status : known.Status,
            progress.Overdue || known.Overdue, progress.Reason)];
    }

    /// <summary>Flags another case as a possible duplicate of this one, once.</summary>
    public static IReadOnlyList<CaseEvent> FlagDuplicate(CaseState state, string caseNumber, string otherCaseNumber, DateTimeOffset now) =>
        !state.Registered || otherCaseNumber == caseNumber || state.PossibleDuplicates.Contains(otherCaseNumber)
            ? []
            : [new PossibleDuplicateFound(now, "duplicate-check", otherCaseNumber)];

    /// <summary>
    /// Break-glass: a supervisor of another office may read the case until <paramref name="until"/>.
    /// Refused to anyone else, to the case's own office (it has access), and on an erased case (nothing to see).
    /// </summary>
    public static IReadOnlyList<CaseEvent> GrantEmergencyAccess(CaseState state, string caseNumber, CommandContext caller, string reason,
        DateTimeOffset now, DateTimeOffset until)
    {
        const string Request = "emergency access";
        FreeText.Require(reason, "reason", "Breaking the glass needs a reason.");
        if (!state.Registered)
        {
            throw new UnknownCaseException(caseNumber);
        }
        if (state.RecentOperations.Contains(caller.OperationId))
        {
            return [];
        }
        if (caller.Role != StaffRole.Supervisor || caller.Office is null or AnyOffice)
        {
            throw new DataProtectionRefusedException(caseNumber, Request, "only a supervisor of an office may break the glass");
        }
        if (caller.Office == state.OfficeCode)
        {
            throw new DataProtectionRefusedException(caseNumber, Request, $"the case is already in the custody of {caller.Office}");
        }
        if (state.Erasure is not null)
        {
            throw new DataProtectionRefusedException(caseNumber, Request, "the case's personal data was erased");
        }
        return [new EmergencyAccessGranted(now, caller.Actor, caller.Office, reason.Trim(), until)];
    }

    /// <summary>
    /// Erasure of the personal data: only once the case ended, and (for the retention job) only if
    /// it ended before <paramref name="endedBefore"/>. No events when it was erased already.
    /// </summary>
    public static IReadOnlyList<CaseEvent> ErasePersonalData(CaseState state, string caseNumber, CommandContext caller, string reason,
        DateTimeOffset now, DateTimeOffset? endedBefore)
    {
        FreeText.Require(reason, "reason", "An erasure needs a reason.");
        if (!state.Registered)
        {
            throw new UnknownCaseException(caseNumber);
        }
        if (state.Erasure is not null)
        {
            return [];
        }
        if (!CaseLifecycle.Terminal.Contains(state.Status) || state.EndedAt is not { } ended)
        {
            throw new DataProtectionRefusedException(caseNumber, "erasure",
                $"the case is {state.Status} and still being worked: withdraw or close it first");
        }
        if (endedBefore is { } cutoff && ended >= cutoff)
        {
            throw new DataProtectionRefusedException(caseNumber, "erasure", $"the case ended on {ended:yyyy-MM-dd}, within its retention period");
        }
        return [new PersonalDataErased(now, caller.Actor, reason.Trim(),
            [.. state.Referrals.Select(r => r.ReferralId), .. state.IntakeReferralId is { } intake ? [intake] : Array.Empty<string>()])];
    }

    /// <summary>What the lifecycle rules look at.</summary>
    public static CaseFacts Facts(CaseState state, DateOnly today) => new(
        state.Status,
        state.Registration ?? throw new InvalidOperationException("An erased case has no facts to decide on."),
        state.ChildProtectionAccepted,
        state.RiskAssessed,
        TravelDocumentReady(state, today),
        state.Referrals,
        today);

    public static bool TravelDocumentReady(CaseState state, DateOnly today) =>
        state.TravelDocumentIssued
        || state.Registration?.Document is { Type: DocumentType.Passport } passport && (passport.ExpiresOn is null || passport.ExpiresOn >= today);

    /// <summary>Actions allowed now for this role (none for an erased case).</summary>
    public static IReadOnlyList<CaseAction> AllowedActions(CaseState state, StaffRole role, DateOnly today) =>
        state.Registration is null || state.Erasure is not null ? [] : CaseLifecycle.AllowedActions(Facts(state, today), role);

    /// <summary>Input checks that need no case: bounded free text, required reasons, known counterparts, a sensible booking.</summary>
    private static void Validate(CaseCommand command)
    {
        switch (command)
        {
            case CaseCommand.RecordCounselling c:
                FreeText.Check(c.Notes, "notes");
                break;
            case CaseCommand.RecordScreening c:
                if (!c.Eligible)
                {
                    FreeText.Require(c.Reason, "reason", "A reason is required when a migrant is found ineligible.");
                }
                FreeText.Check(c.Reason, "reason");
                break;
            case CaseCommand.RecordRiskAssessment c:
                FreeText.Require(c.Summary, "summary", "A risk assessment needs a summary.");
                if (!Enum.IsDefined(c.Level))
                {
                    throw new InvalidCaseDataException(new Dictionary<string, string[]> { ["level"] = ["The risk level is Low, Medium or High."] });
                }
                break;
            case CaseCommand.RequestTransfer c:
                FreeText.Require(c.Reason, "reason", "A transfer needs a reason.");
                break;
            case CaseCommand.BookTravel c:
                ValidateBooking(c.Booking);
                break;
            case CaseCommand.Close c:
                FreeText.Check(c.Reason, "reason");
                break;
            case CaseCommand.Withdraw c:
                FreeText.Require(c.Reason, "reason", "A withdrawal needs a reason.");
                break;
            case CaseCommand.PutOnHold c:
                FreeText.Require(c.Reason, "reason", "Putting a case on hold needs a reason.");
                break;
            case CaseCommand.Reopen c:
                FreeText.Require(c.Reason, "reason", "Reopening a case needs a reason.");
                break;
        }
    }

    /// <summary>Checks that need the configuration: is the counterpart one we know?</summary>
    public static void ValidateCounterpart(CaseCommand command, AuthorityCatalogOptions authorities, OfficeCatalogOptions offices)
    {
        switch (command)
        {
            case CaseCommand.ReferForProtection c when authorities.Find(c.Recipient) is not { Kind: AuthorityKind.HumanRights or AuthorityKind.ChildProtection }:
                throw new InvalidCaseDataException(new Dictionary<string, string[]>
                {
                    ["recipient"] = [$"'{c.Recipient}' is not a configured protection authority (CNDH, a shelter or DIF)."],
                });
            case CaseCommand.RequestTransfer c when offices.Find(c.ToOfficeCode) is null:
                throw new InvalidCaseDataException(new Dictionary<string, string[]> { ["toOfficeCode"] = [$"There is no office '{c.ToOfficeCode}'."] });
        }
    }

    private static void ValidateBooking(TravelBooking booking)
    {
        var errors = new Dictionary<string, string[]>();
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
            if (text is { Length: > TextRules.MaxShortText } || (text?.Any(char.IsControl) ?? false))
            {
                errors[field] = [$"At most {TextRules.MaxShortText} characters, without control characters."];
            }
        }
        if (errors.Count > 0)
        {
            throw new InvalidCaseDataException(errors);
        }
    }

    internal static ReferralRequested Refer(CaseState state, CaseDecisionContext context, CaseAction action, ReferralKind kind, string to,
        ReferralConsent consent, string? note)
    {
        var caller = context.Command;
        if (!consent.Given)
        {
            if (caller.Role != StaffRole.Supervisor)
            {
                throw Refused(state, action, $"the migrant has not consented to share their data with {to}; only a supervisor may override", context);
            }
            FreeText.Require(consent.OverrideReason, "overrideReason", "A supervisor's override of consent needs a reason.");
        }
        return new ReferralRequested(context.Now, caller.Actor, $"{context.CaseNumber}-R{state.ReferralSequence + 1:D2}", kind, to, state.OfficeCode,
            consent.Given, consent.Given ? null : caller.Actor, consent.Given ? null : consent.OverrideReason!.Trim(), note);
    }

    private static string AuthorityOfKind(CaseState state, CaseDecisionContext context, AuthorityKind kind, CaseAction action) =>
        context.Authorities.FirstOfKind(kind)?.Code ?? throw Refused(state, action, $"no {kind} authority is configured", context);

    internal static CaseActionRefusedException Refused(CaseState state, CaseAction action, string reason, CaseDecisionContext context) =>
        new(context.CaseNumber, state.Status, action, reason, AllowedActions(state, context.Command.Role, context.Today));

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
