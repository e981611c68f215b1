using Coordination.Grains.Cases;
using Coordination.Grains.Duplicates;
using Coordination.Grains.EventLog;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Referrals;
using Microsoft.Extensions.Logging;

namespace Coordination.Grains.Reactions;

/// <summary>
/// The "workflow" reaction: what one actor's events mean for the others. A case's request opens
/// its referral; a withdrawal cancels the referrals it names; a case registered from an intake
/// completes the intake; a registration flags possible duplicates both ways; a referral's progress
/// reaches its case (the referral tells the case how far it has got now, so an event read late
/// never tells the case less than it may already know); an erasure makes the case's referrals drop
/// what they read with its destroyed key. Each step is idempotent where it lands (a referral opens once, a case acts on
/// the furthest point of a referral it hears of), so reading an event twice changes nothing.
/// </summary>
public sealed class WorkflowReaction(IGrainFactory grains, IEventStore store, SubjectKeyRing keys, ILogger<WorkflowReaction> logger) : IReaction
{
    public const string ReactionName = "workflow";

    public string Name => ReactionName;

    public bool Handles(RecordedEvent recorded) => recorded.Event switch
    {
        ReferralRequested or CaseWithdrawn or CaseRegistered or PersonalDataErased => true,
        ReferralSent => false,
        ReferralEvent => recorded.Metadata.SummaryAs<ReferralSummary>()?.CaseNumber is not null,
        _ => false,
    };

    public async Task ReactAsync(RecordedEvent recorded, CancellationToken cancellationToken)
    {
        try
        {
            await (recorded.Event switch
            {
                ReferralRequested requested => grains.GetGrainByKey<IReferralGrain>(requested.ReferralId).EnsureOpenedAsync(),
                CaseWithdrawn withdrawn => CancelEachAsync(recorded, withdrawn),
                CaseRegistered registered => OnRegisteredAsync(recorded.StreamId, registered, cancellationToken),
                PersonalDataErased erased => ForgetEachAsync(erased),
                ReferralEvent => grains.GetGrainByKey<IReferralGrain>(recorded.StreamId).InformCaseAsync(),
                _ => Task.CompletedTask,
            });
        }
        catch (CoordinationException e) when (e is not StorageUnavailableException)
        {
            // A refusal is an answer: the other side is where it should be already (or cannot be moved). Retrying would not change it.
            logger.LogInformation(e, "Reaction to {Event} of {Stream} v{Version} was refused", recorded.Event.GetType().Name, recorded.StreamId, recorded.Version);
        }
    }

    /// <summary>The case's data was erased: its referrals (and intake) drop what they read with its key.</summary>
    private async Task ForgetEachAsync(PersonalDataErased erased)
    {
        foreach (var referralId in erased.Referrals)
        {
            await grains.GetGrainByKey<IReferralGrain>(referralId).ForgetPersonalDataAsync();
        }
    }

    /// <summary>Each referral on its own: one that refuses must not hide another that failed and needs the event again.</summary>
    private async Task CancelEachAsync(RecordedEvent recorded, CaseWithdrawn withdrawn)
    {
        foreach (var referralId in withdrawn.CancelledReferrals)
        {
            try
            {
                await grains.GetGrainByKey<IReferralGrain>(referralId).CancelForWithdrawalAsync();
            }
            catch (CoordinationException e) when (e is not StorageUnavailableException)
            {
                logger.LogInformation(e, "Cancelling {Referral} after the withdrawal of {Case} was refused", referralId, recorded.StreamId);
            }
        }
    }

    private async Task OnRegisteredAsync(string caseNumber, CaseRegistered registered, CancellationToken cancellationToken)
    {
        if (registered.IntakeReferralId is { } intake)
        {
            await grains.GetGrainByKey<IReferralGrain>(intake).ConfirmIntakeRegisteredAsync(caseNumber);
        }
        // Cases registered at the same moment did not see each other's tags: look again now that both are stored.
        var tags = registered.Registration is { } registration ? DuplicateKeys.For(registration).Select(keys.MatchTag).ToList() : [];
        var sharing = (await store.StreamsTaggedAsync(tags, cancellationToken)).Where(c => c != caseNumber).ToList();
        foreach (var other in registered.PossibleDuplicates.Union(sharing).Distinct())
        {
            await grains.GetGrainByKey<ICaseGrain>(other).FlagPossibleDuplicateAsync(caseNumber);
        }
        foreach (var other in sharing.Except(registered.PossibleDuplicates))
        {
            await grains.GetGrainByKey<ICaseGrain>(caseNumber).FlagPossibleDuplicateAsync(other);
        }
    }
}
