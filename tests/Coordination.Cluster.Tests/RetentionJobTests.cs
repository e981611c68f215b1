using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Retention;
using Coordination.Testing;
using Npgsql;

namespace Coordination.Cluster.Tests;

/// <summary>
/// The retention job: personal data of cases that ended more than five years ago is erased; a case
/// that ended later, one reopened since, and one still worked are kept. Each erasure is audited as
/// attempted and with its outcome. The job is scheduled by a durable reminder, once per cluster.
/// </summary>
[Collection(FakeClockCollection.Name)]
public sealed class RetentionJobTests(FakeClockFixture fixture)
{
    private static readonly TimeSpan Year = TimeSpan.FromDays(365);

    private IRetentionGrain Retention => fixture.Client.GetGrain<IRetentionGrain>(0);

    private async Task<CaseSnapshot> WithdrawnAsync(CaseDriver driver)
    {
        var registered = await driver.RegisterAsync(Registrations.Valid(), "MEX");
        return await driver.Case(registered).WithdrawAsync(Staff.Caseworker("MEX"), "stays in Mexico");
    }

    private async Task<bool> ErasedAsync(CaseDriver driver, CaseSnapshot @case) => (await driver.Case(@case).GetAsync())!.PersonalDataErased;

    [Fact]
    public async Task Cases_that_ended_more_than_five_years_ago_lose_their_personal_data_and_the_rest_keep_it()
    {
        var driver = new CaseDriver(fixture.Client);
        var endedLongAgo = await WithdrawnAsync(driver);
        var reopened = await WithdrawnAsync(driver);
        var worked = await driver.RegisterAsync(Registrations.Valid(), "MEX");
        fixture.Clock.Advance(Year);
        await driver.Case(reopened).ReopenAsync(Staff.Supervisor("MEX"), "came back to the office");
        fixture.Clock.Advance(3 * Year);
        var endedLately = await WithdrawnAsync(driver);
        fixture.Clock.Advance(Year + TimeSpan.FromDays(3)); // five years and two days since the first ended
        await fixture.Client.WaitForEventLogAsync();

        var run = await Retention.RunAsync();
        await fixture.Client.WaitForEventLogAsync();

        Assert.True(await ErasedAsync(driver, endedLongAgo));
        Assert.Equal("[erased]", (await driver.Case(endedLongAgo).GetAsync())!.Registration.GivenNames);
        Assert.False(await ErasedAsync(driver, reopened));
        Assert.False(await ErasedAsync(driver, endedLately));
        Assert.False(await ErasedAsync(driver, worked));
        Assert.True(run.Erased >= 1);
        Assert.False(run.MoreDue);
        var second = await Retention.RunAsync();
        Assert.Equal(0, second.Erased); // nothing is due twice
        Assert.Equal(second, (await Retention.GetStatusAsync()).LastRun);

        var audit = await AuditAsync(endedLongAgo.CaseNumber.ToString());
        Assert.Contains(("retention-job", "Erase personal data (attempt)", 0), audit);
        Assert.Contains(("retention-job", "Erase personal data", 200), audit);
        Assert.Empty(await AuditAsync(endedLately.CaseNumber.ToString()));
    }

    [Fact]
    public async Task A_case_reopened_after_the_job_listed_it_is_left_alone()
    {
        var driver = new CaseDriver(fixture.Client);
        var listed = await WithdrawnAsync(driver);
        fixture.Clock.Advance(6 * Year);
        var cutOff = fixture.Clock.GetUtcNow() - 5 * Year;
        await driver.Case(listed).ReopenAsync(Staff.Supervisor("MEX"), "came back after six years");

        var erasure = await driver.Case(listed).ErasePersonalDataAsync(Staff.Caseworker("MEX") with { Actor = "retention-job" }, "retention period ended", cutOff);

        Assert.Null(erasure);
        Assert.False(await ErasedAsync(driver, listed));
    }

    [Fact]
    public async Task The_job_is_scheduled_once_by_a_durable_reminder()
    {
        await Retention.EnsureScheduledAsync(); // as every silo does at start

        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansreminderstable WHERE remindername = 'retention'", connection);

        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    private async Task<List<(string Actor, string Action, int Status)>> AuditAsync(string caseNumber)
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT actor, action, status_code FROM audit_log WHERE record_id = $1 ORDER BY id", connection)
        {
            Parameters = { new() { Value = caseNumber } },
        };
        var rows = new List<(string, string, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }
        return rows;
    }
}
