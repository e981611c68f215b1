using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Grains.Interfaces.Referrals;

/// <summary>
/// One referral or transfer: the handshake between a case (or, for an intake, INM) and its
/// counterpart, with a durable SLA timer that marks it overdue and escalates it.
/// </summary>
public interface IReferralGrain : IGrainWithStringKey
{
    /// <summary>The referral, or null when nothing was sent under this id.</summary>
    Task<ReferralSnapshot?> GetAsync();

    /// <summary>
    /// Sends an intake (INM refers a migrant to an office); repeating it changes nothing. Referrals of
    /// a case are not sent this way: they open themselves from the case's request.
    /// </summary>
    Task<ReferralSnapshot> SendAsync(ReferralRequest request);

    /// <summary>Opens a referral its case requested, if it is not open yet. Run by the event log's reaction.</summary>
    Task EnsureOpenedAsync();

    /// <summary>The counterpart has seen the referral.</summary>
    Task<ReferralSnapshot> AcknowledgeAsync(CommandContext context);

    /// <summary>The counterpart accepts, with an optional note; the outcome moves the case (clearance, custody, intake).</summary>
    Task<ReferralSnapshot> AcceptAsync(CommandContext context, string? reason = null);

    /// <summary>The counterpart declines, with a reason.</summary>
    Task<ReferralSnapshot> DeclineAsync(CommandContext context, string reason);

    /// <summary>The counterpart reports the accepted work done (e.g. the travel document issued).</summary>
    Task<ReferralSnapshot> CompleteAsync(CommandContext context);

    /// <summary>The sender withdraws the referral; the case hears of it.</summary>
    Task<ReferralSnapshot> CancelAsync(CommandContext context, string reason);

    /// <summary>
    /// Tells the referral's case how far the referral has got now (not how far it had got at some
    /// event): the case acts on the furthest point it hears of. Run by the event log's reaction.
    /// </summary>
    Task InformCaseAsync();

    /// <summary>Its case's personal data was erased: drops what this activation read with the case's key. Run by the event log's reaction.</summary>
    Task ForgetPersonalDataAsync();

    /// <summary>The case was withdrawn: cancels the referral if it is still open. Run by the event log's reaction.</summary>
    Task CancelForWithdrawalAsync();

    /// <summary>An intake's case was registered (the office accepted it): records it, if not yet. Run by the event log's reaction.</summary>
    Task ConfirmIntakeRegisteredAsync(string caseNumber);

    /// <summary>Marks the referral overdue and takes the escalation steps whose time has come; what the SLA reminder runs.</summary>
    Task<ReferralSnapshot> CheckSlaAsync();
}
