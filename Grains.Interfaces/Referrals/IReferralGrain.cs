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

    /// <summary>Creates and sends the referral; repeating it with the same request changes nothing.</summary>
    Task<ReferralSnapshot> SendAsync(ReferralRequest request);

    /// <summary>The counterpart has seen the referral.</summary>
    Task<ReferralSnapshot> AcknowledgeAsync(CommandContext context);

    /// <summary>The counterpart accepts; the outcome moves the case (clearance, custody, intake).</summary>
    Task<ReferralSnapshot> AcceptAsync(CommandContext context);

    /// <summary>The counterpart declines, with a reason.</summary>
    Task<ReferralSnapshot> DeclineAsync(CommandContext context, string reason);

    /// <summary>The counterpart reports the accepted work done (e.g. the travel document issued).</summary>
    Task<ReferralSnapshot> CompleteAsync(CommandContext context);

    /// <summary>The sender withdraws the referral; the case hears of it.</summary>
    Task<ReferralSnapshot> CancelAsync(CommandContext context, string reason);

    /// <summary>
    /// The case cancels the referral itself (the migrant withdrew), so the case is not told again.
    /// Interleaves, because the case calls it while this referral may be waiting on that case: a
    /// call cycle would otherwise stall both.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<ReferralSnapshot> CancelFromCaseAsync(string actor, string reason);

    /// <summary>Marks the referral overdue and takes the escalation steps whose time has come; what the SLA reminder runs.</summary>
    Task<ReferralSnapshot> CheckSlaAsync();
}
