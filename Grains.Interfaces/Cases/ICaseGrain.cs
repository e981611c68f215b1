using Coordination.Grains.Interfaces.Rules;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Interfaces.Cases;

/// <summary>
/// One migrant's case, keyed by its <see cref="CaseNumber"/> (e.g. <c>ACA-2026-000123</c>). Every
/// command takes a <see cref="CommandContext"/>: an action the status or a guard does not allow
/// raises <see cref="Errors.CaseActionRefusedException"/>, a stale expected version
/// <see cref="Errors.StaleCaseVersionException"/>, and a repeated operation id returns the case
/// without changing it.
/// </summary>
public interface ICaseGrain : IGrainWithStringKey
{
    /// <summary>
    /// The case, or null when no case was registered under this number; its allowed actions are
    /// those of the <paramref name="viewer"/>'s role (a supervisor may reopen, a caseworker may not).
    /// </summary>
    Task<CaseSnapshot?> GetAsync(StaffRole viewer = StaffRole.Caseworker);

    /// <summary>Every change of the case, oldest first; empty when no case was registered.</summary>
    Task<IReadOnlyList<CaseHistoryEntry>> GetHistoryAsync();

    /// <summary>
    /// Registers the case under this grain's number. Only the office that allotted the number calls
    /// this. An operation id that already registered a case (under this number or another) returns
    /// that case and registers nothing. <paramref name="intakeReferralId"/> names the INM intake the
    /// case comes from, if any.
    /// </summary>
    Task<CaseSnapshot> RegisterAsync(string officeCode, CaseRegistration registration, CommandContext context, string? intakeReferralId = null);

    /// <summary>Information and counselling given: Registered to Counselled.</summary>
    Task<CaseSnapshot> RecordCounsellingAsync(CommandContext context, string? notes);

    /// <summary>Eligibility screening: Counselled to Screened when eligible, to Ineligible (terminal) with a reason when not.</summary>
    Task<CaseSnapshot> RecordScreeningAsync(CommandContext context, bool eligible, string? reason);

    /// <summary>Records a risk assessment, which victims of trafficking or kidnapping need before consent.</summary>
    Task<CaseSnapshot> RecordRiskAssessmentAsync(CommandContext context, RiskLevel level, string summary);

    /// <summary>Informed consent: Screened to Consented; minors need DIF's acceptance, victims a risk assessment.</summary>
    Task<CaseSnapshot> RecordConsentAsync(CommandContext context);

    /// <summary>Sends an ExitClearance referral to INM: Consented to ClearanceRequested.</summary>
    Task<CaseSnapshot> RequestExitClearanceAsync(CommandContext context, ReferralConsent consent);

    /// <summary>Sends a TravelDocument referral to the consulate of the nationality.</summary>
    Task<CaseSnapshot> RequestTravelDocumentAsync(CommandContext context, ReferralConsent consent);

    /// <summary>Sends a ChildProtection referral to DIF.</summary>
    Task<CaseSnapshot> ReferForChildProtectionAsync(CommandContext context, ReferralConsent consent);

    /// <summary>Offers protection: sends a Protection referral to CNDH (or another configured recipient).</summary>
    Task<CaseSnapshot> ReferForProtectionAsync(CommandContext context, string recipient, ReferralConsent consent);

    /// <summary>Asks another office to take custody; it moves only when that office accepts within its capacity.</summary>
    Task<CaseSnapshot> RequestTransferAsync(CommandContext context, string toOfficeCode, string reason);

    /// <summary>Books travel: Cleared to TravelBooked; needs INM clearance and a travel document.</summary>
    Task<CaseSnapshot> BookTravelAsync(CommandContext context, TravelBooking booking);

    /// <summary>TravelBooked to Departed.</summary>
    Task<CaseSnapshot> RecordDepartureAsync(CommandContext context);

    /// <summary>Departed to Arrived.</summary>
    Task<CaseSnapshot> RecordArrivalAsync(CommandContext context);

    /// <summary>Arrived to Reintegration.</summary>
    Task<CaseSnapshot> StartReintegrationAsync(CommandContext context);

    /// <summary>Arrived or Reintegration to Closed.</summary>
    Task<CaseSnapshot> CloseAsync(CommandContext context, string? reason);

    /// <summary>The migrant withdraws (any time before departure): cancels every open referral in one step.</summary>
    Task<CaseSnapshot> WithdrawAsync(CommandContext context, string reason);

    /// <summary>Pauses the case with a reason.</summary>
    Task<CaseSnapshot> PutOnHoldAsync(CommandContext context, string reason);

    /// <summary>Resumes a case on hold at the status it had.</summary>
    Task<CaseSnapshot> ResumeAsync(CommandContext context);

    /// <summary>A supervisor reopens a closed, ineligible or withdrawn case, with a reason.</summary>
    Task<CaseSnapshot> ReopenAsync(CommandContext context, string reason);

    /// <summary>
    /// Break-glass access: a supervisor of another office opens the case in an emergency, with a
    /// reason, for the configured time. Recorded on the case (its history and its list of grants).
    /// </summary>
    Task<EmergencyAccessGrant> GrantEmergencyAccessAsync(CommandContext context, string reason);

    /// <summary>
    /// Erases the case's personal data everywhere it is kept (events and snapshots through its key,
    /// duplicate match keys, stored API answers, the directory through the log), keeping the
    /// non-personal facts. Only a case that ended (closed, withdrawn, ineligible); with
    /// <paramref name="endedBefore"/>, only one that ended before then (the retention job), else null.
    /// Erasing again answers the first erasure.
    /// </summary>
    Task<CaseErasure?> ErasePersonalDataAsync(CommandContext context, string reason, DateTimeOffset? endedBefore = null);

    /// <summary>
    /// A referral of this case got as far as <paramref name="progress"/> says; the case records it and
    /// acts on it if it knew less (reaching Completed implies Accepted). Reports of less than the case
    /// knows, or repeated ones, change nothing. Told by the referral, and by the event log's reaction.
    /// </summary>
    Task ObserveReferralAsync(ReferralProgress progress);

    /// <summary>What a referral this case requested opens with (null when the case requested no such referral).</summary>
    Task<CaseReferralRequest?> GetReferralRequestAsync(string referralId);

    /// <summary>Another case looks like the same person; the case lists it (once).</summary>
    Task FlagPossibleDuplicateAsync(string otherCaseNumber);

    /// <summary>
    /// Asks a referral workflow rule about the case on an event: whether its condition holds and
    /// what it does. Unless <paramref name="dryRun"/>, carries the actions out as one command whose id
    /// derives from the rule and the event, so the rule fires once per event (or per case) however
    /// often it is asked.
    /// </summary>
    Task<RuleResult> ApplyRuleAsync(RuleDefinition rule, RuleTrigger trigger, bool dryRun);
}
