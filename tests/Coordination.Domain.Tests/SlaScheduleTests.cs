using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Referrals;

namespace Coordination.Domain.Tests;

public sealed class SlaScheduleTests
{
    private static readonly DateTimeOffset Due = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly EscalationLevel[] Chain = [EscalationLevel.Caseworker, EscalationLevel.Supervisor, EscalationLevel.Operations];

    [Fact]
    public void Nothing_is_due_before_the_sla_passes()
    {
        Assert.Empty(SlaSchedule.StepsDue(Due, Due.AddMinutes(-1), TimeSpan.FromDays(1), Chain, 0));
    }

    [Fact]
    public void The_caseworker_is_alerted_when_the_sla_passes_then_the_supervisor_then_operations()
    {
        Assert.Equal([EscalationLevel.Caseworker], SlaSchedule.StepsDue(Due, Due, TimeSpan.FromDays(1), Chain, 0).Select(s => s.Level));
        Assert.Equal([EscalationLevel.Supervisor], SlaSchedule.StepsDue(Due, Due.AddDays(1), TimeSpan.FromDays(1), Chain, 1).Select(s => s.Level));
        Assert.Equal([EscalationLevel.Operations], SlaSchedule.StepsDue(Due, Due.AddDays(9), TimeSpan.FromDays(1), Chain, 2).Select(s => s.Level));
    }

    [Fact]
    public void A_late_tick_takes_every_missed_step_once_with_the_time_it_fell_due()
    {
        var steps = SlaSchedule.StepsDue(Due, Due.AddDays(1).AddHours(3), TimeSpan.FromDays(1), Chain, 0);

        Assert.Equal([(EscalationLevel.Caseworker, Due), (EscalationLevel.Supervisor, Due.AddDays(1))], steps.Select(s => (s.Level, s.At)));
        Assert.Empty(SlaSchedule.StepsDue(Due, Due.AddDays(1).AddHours(3), TimeSpan.FromDays(1), Chain, 2));
    }

    [Fact]
    public void The_next_step_is_known_until_the_chain_is_exhausted()
    {
        Assert.Equal(Due.AddDays(2), SlaSchedule.NextStepAt(Due, TimeSpan.FromDays(1), 3, 2));
        Assert.Null(SlaSchedule.NextStepAt(Due, TimeSpan.FromDays(1), 3, 3));
    }
}
