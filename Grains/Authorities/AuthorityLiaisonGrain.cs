using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Referrals;
using Coordination.Grains.Storage;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.Authorities;

/// <summary>
/// An authority's liaison: keeps the inbox of referrals awaiting its answer and measures how fast
/// it acknowledges and answers, overall and per sending office. It never calls back into a
/// referral or a case, so it cannot take part in a call cycle.
/// </summary>
public sealed class AuthorityLiaisonGrain(
    [PersistentState(GrainStorage.AuthorityState, GrainStorage.ProviderName)] IPersistentState<AuthorityState> authority,
    IOptions<AuthorityCatalogOptions> catalog) : Grain, IAuthorityLiaisonGrain
{
    /// <summary>How many counted referrals are remembered to recognise a repeated report.</summary>
    public const int RememberedCounts = 1000;

    public Task<AuthoritySnapshot> GetAsync()
    {
        var definition = Definition();
        return Task.FromResult(new AuthoritySnapshot(
            definition.Code,
            definition.Name,
            definition.Kind,
            definition.Country,
            [.. authority.State.Inbox.Values.OrderBy(i => i.DueAt)],
            Figures(authority.State.Overall),
            authority.State.ByOffice.ToDictionary(o => o.Key, o => Figures(o.Value))));
    }

    public async Task ReferralChangedAsync(ReferralInboxItem item)
    {
        Definition();
        var state = authority.State;
        var changed = false;
        var office = state.ByOffice.TryGetValue(item.From, out var sums) ? sums : state.ByOffice[item.From] = new TurnaroundSums();

        if (item.AcknowledgedAt is { } acknowledgedAt && !state.CountedAcknowledged.Contains(item.ReferralId))
        {
            var duration = acknowledgedAt - item.SentAt;
            foreach (var target in new[] { state.Overall, office })
            {
                target.Acknowledged++;
                target.TimeToAcknowledge += duration;
            }
            Remember(state.CountedAcknowledged, item.ReferralId);
            changed = true;
        }
        if (item.AnsweredAt is { } answeredAt && !state.CountedAnswered.Contains(item.ReferralId))
        {
            var duration = answeredAt - item.SentAt;
            foreach (var target in new[] { state.Overall, office })
            {
                target.Answered++;
                target.TimeToAnswer += duration;
            }
            Remember(state.CountedAnswered, item.ReferralId);
            changed = true;
        }

        // The inbox holds what still waits on this authority: unanswered referrals, and travel
        // documents accepted but not yet issued.
        var waiting = ReferralRules.SlaRunning(item.Kind, item.Status);
        if (waiting && (!state.Inbox.TryGetValue(item.ReferralId, out var known) || known != item))
        {
            state.Inbox[item.ReferralId] = item;
            changed = true;
        }
        else if (!waiting && state.Inbox.Remove(item.ReferralId))
        {
            changed = true;
        }

        if (changed)
        {
            try
            {
                await authority.WriteStateAsync();
            }
            catch
            {
                DeactivateOnIdle();
                throw;
            }
        }
    }

    private static void Remember(List<string> counted, string referralId)
    {
        counted.Add(referralId);
        if (counted.Count > RememberedCounts)
        {
            counted.RemoveRange(0, counted.Count - RememberedCounts);
        }
    }

    private static Turnaround Figures(TurnaroundSums sums) => new(
        sums.Acknowledged,
        sums.Acknowledged == 0 ? null : sums.TimeToAcknowledge / sums.Acknowledged,
        sums.Answered,
        sums.Answered == 0 ? null : sums.TimeToAnswer / sums.Answered);

    private AuthorityDefinition Definition() =>
        catalog.Value.Find(this.GetPrimaryKeyString()) ?? throw new UnknownAuthorityException(this.GetPrimaryKeyString());
}
