using Coordination.Grains.Cases;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Errors;

namespace Coordination.Domain.Tests;

/// <summary>Who may break the glass on a case, and when a case's personal data may be erased, on the pure decider.</summary>
public sealed class DataProtectionDecisionTests
{
    private static readonly DateTimeOffset Now = PureCase.Now;
    private static readonly DateTimeOffset InAnHour = Now.AddHours(1);

    private static IReadOnlyList<CaseEvent> Grant(PureCase @case, CommandContext who, string reason = "medical emergency") =>
        CaseDecider.GrantEmergencyAccess(@case.State, PureCase.Number, who, reason, Now, InAnHour);

    private static IReadOnlyList<CaseEvent> Erase(PureCase @case, DateTimeOffset? endedBefore = null, string reason = "the migrant's request") =>
        CaseDecider.ErasePersonalData(@case.State, PureCase.Number, new CommandContext("admin", StaffRole.Administrator, Guid.NewGuid().ToString("N")), reason, Now, endedBefore);

    [Fact]
    public void A_supervisor_of_another_office_is_granted_access_until_the_end_of_the_period()
    {
        var granted = Assert.IsType<EmergencyAccessGranted>(Assert.Single(Grant(PureCase.Registered(), PureCase.Supervisor("TAP"))));

        Assert.Equal(("supervisor@TAP", "TAP", "medical emergency", InAnHour), (granted.By, granted.Office, granted.Reason, granted.Until));
    }

    [Fact]
    public void The_cases_own_office_and_other_roles_cannot_break_the_glass()
    {
        var @case = PureCase.Registered();

        Assert.Contains("already in the custody", Assert.Throws<DataProtectionRefusedException>(() => Grant(@case, PureCase.Supervisor("ACA"))).Reason);
        Assert.Contains("only a supervisor", Assert.Throws<DataProtectionRefusedException>(() => Grant(@case, PureCase.Caseworker("TAP"))).Reason);
        Assert.Contains("only a supervisor", Assert.Throws<DataProtectionRefusedException>(
            () => Grant(@case, new CommandContext("automation", StaffRole.Automation, "op", Office: "*"))).Reason);
    }

    [Fact]
    public void Breaking_the_glass_needs_a_reason()
    {
        var invalid = Assert.Throws<InvalidCaseDataException>(() => Grant(PureCase.Registered(), PureCase.Supervisor("TAP"), reason: " "));

        Assert.Equal(["reason"], invalid.Errors.Keys);
    }

    [Fact]
    public void A_case_still_being_worked_is_not_erased()
    {
        foreach (var status in new[] { CaseStatus.Registered, CaseStatus.Screened, CaseStatus.Cleared, CaseStatus.Departed })
        {
            Assert.Contains("still being worked", Assert.Throws<DataProtectionRefusedException>(() => Erase(PureCase.DrivenTo(status))).Reason);
        }
    }

    [Theory]
    [InlineData(CaseStatus.Withdrawn)]
    [InlineData(CaseStatus.Closed)]
    [InlineData(CaseStatus.Ineligible)]
    public void A_case_that_ended_is_erased_once(CaseStatus ended)
    {
        var @case = PureCase.DrivenTo(ended);

        var erased = Assert.IsType<PersonalDataErased>(Assert.Single(Erase(@case)));
        @case.Apply([erased], "erase");

        Assert.Null(@case.State.Registration);
        Assert.NotNull(@case.State.Erasure);
        Assert.Empty(Erase(@case));
        Assert.Empty(CaseDecider.AllowedActions(@case.State, StaffRole.Supervisor, DateOnly.FromDateTime(Now.UtcDateTime)));
    }

    [Fact]
    public void The_retention_job_erases_only_cases_that_ended_before_its_cut_off()
    {
        var @case = PureCase.DrivenTo(CaseStatus.Withdrawn);

        Assert.Contains("within its retention period", Assert.Throws<DataProtectionRefusedException>(() => Erase(@case, endedBefore: Now)).Reason);
        Assert.Single(Erase(@case, endedBefore: Now.AddSeconds(1)));
    }

    [Fact]
    public void A_reopened_case_is_being_worked_again_and_is_not_erased()
    {
        var @case = PureCase.DrivenTo(CaseStatus.Withdrawn);
        @case.Do(new CaseCommand.Reopen("came back to the office"), PureCase.Supervisor());

        Assert.Null(@case.State.EndedAt);
        Assert.Throws<DataProtectionRefusedException>(() => Erase(@case, endedBefore: Now.AddYears(10)));
    }

    [Fact]
    public void An_erased_case_refuses_every_command()
    {
        var @case = PureCase.DrivenTo(CaseStatus.Withdrawn);
        @case.Apply(Erase(@case), "erase");

        var refused = Assert.Throws<CaseActionRefusedException>(() => @case.Do(new CaseCommand.Reopen("came back"), PureCase.Supervisor()));

        Assert.Contains("erased", refused.Reason);
        Assert.Contains("erased", Assert.Throws<DataProtectionRefusedException>(() => Grant(@case, PureCase.Supervisor("TAP"))).Reason);
    }
}
