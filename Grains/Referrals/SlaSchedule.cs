using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Referrals;

/// <summary>When a referral becomes overdue and which escalation steps are due: step n at due + n intervals.</summary>
public static class SlaSchedule
{
    /// <summary>The steps of <paramref name="chain"/> due by <paramref name="now"/> that were not taken yet, in order.</summary>
    public static IReadOnlyList<Escalation> StepsDue(DateTimeOffset dueAt, DateTimeOffset now, TimeSpan interval, IReadOnlyList<EscalationLevel> chain, int stepsTaken)
    {
        var due = new List<Escalation>();
        for (var step = stepsTaken; step < chain.Count; step++)
        {
            var at = dueAt + (interval * step);
            if (at > now)
            {
                break;
            }
            due.Add(new Escalation(chain[step], at));
        }
        return due;
    }

    /// <summary>When the next step not yet taken falls due, or null when the chain is exhausted.</summary>
    public static DateTimeOffset? NextStepAt(DateTimeOffset dueAt, TimeSpan interval, int chainLength, int stepsTaken) =>
        stepsTaken < chainLength ? dueAt + (interval * stepsTaken) : null;
}
