using Coordination.Grains;
using Coordination.Grains.Cases;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.EventLog;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Referrals;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using static Coordination.Grains.Interfaces.Cases.CaseAction;

namespace Coordination.Cluster.Tests;

/// <summary>
/// State is the fold of the events, and every read model is a function of the log: for a seeded
/// random run of commands and referral answers, folding each stream again gives what its grain
/// holds, and each projection rebuilt from the start of the log equals the one kept live.
/// </summary>
[Collection(EventLogCollection.Name)]
public sealed class ReplayAndRebuildTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;
    private IEventStore Store => ((InProcessSiloHandle)fixture.Cluster.Cluster.Silos[0]).ServiceProvider.GetRequiredService<IEventStore>();

    [Fact]
    public async Task For_random_command_sequences_replaying_the_log_gives_every_state_and_rebuilt_projections_equal_the_live_ones()
    {
        var random = new Random(20261128);
        var driver = new CaseDriver(Grains);
        string[] offices = ["ACA", "MEX", "TAP", "TUX", "CJS"];
        Func<CaseRegistration>[] people = [() => Registrations.Valid(), Registrations.UnaccompaniedMinor, Registrations.KidnappingVictim, Registrations.AccompaniedMinorWithoutDocuments];
        var cases = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            cases.Add((await driver.RegisterAsync(people[random.Next(people.Length)](), offices[random.Next(offices.Length)])).CaseNumber.ToString());
        }

        for (var step = 0; step < 250; step++)
        {
            var snapshot = (await Grains.GetGrain<ICaseGrain>(cases[random.Next(cases.Count)]).GetAsync())!;
            var open = snapshot.Referrals.Where(r => ReferralRules.IsOpen(r.Status)).ToList();
            try
            {
                if (open.Count > 0 && random.Next(10) < 4)
                {
                    await AnswerAsync(random, open[random.Next(open.Count)].ReferralId, snapshot.OfficeCode);
                }
                else
                {
                    var allowed = snapshot.AllowedActions.Where(a => a != CaseAction.Reopen || random.Next(4) == 0).ToList();
                    if (allowed.Count > 0)
                    {
                        await ActAsync(random, snapshot, allowed[random.Next(allowed.Count)]);
                    }
                }
            }
            catch (CoordinationException)
            {
                // A refusal (a full office, a referral answered meanwhile by the log's reactions) is part of the run.
            }
        }
        await Grains.WaitForEventLogAsync();

        // Replay: the fold of each stream, read back from PostgreSQL, is what the grain holds.
        var referrals = new HashSet<string>();
        foreach (var caseNumber in cases)
        {
            var events = await Store.ReadStreamAsync(EventStreams.Case, caseNumber);
            var folded = events.Aggregate(CaseState.Unregistered, (s, e) => CaseState.Evolve(s, e.Event, new EventContext(e.Version, e.Metadata.OperationId)));
            var held = (await Grains.GetGrain<ICaseGrain>(caseNumber).GetAsync())!;
            Assert.Equal(held.Version, events.Count);
            Assert.Equal(held.Status, folded.Status);
            Assert.Equal(held.OfficeCode, folded.OfficeCode);
            Assert.Equal(held.Referrals, folded.Referrals);
            Assert.Equal(held.PossibleDuplicates, folded.PossibleDuplicates);
            referrals.UnionWith(held.Referrals.Select(r => r.ReferralId));
        }
        foreach (var referralId in referrals)
        {
            var events = await Store.ReadStreamAsync(EventStreams.Referral, referralId);
            var folded = events.Aggregate(ReferralState.Unsent, (s, e) => ReferralState.Evolve(s, e.Event, new EventContext(e.Version, e.Metadata.OperationId)));
            var held = (await Grains.GetGrain<IReferralGrain>(referralId).GetAsync())!;
            Assert.Equal((held.Status, held.Overdue, held.AcknowledgedAt, held.AnsweredAt), (folded.Status, folded.Overdue, folded.AcknowledgedAt, folded.AnsweredAt));
        }
        Assert.True(referrals.Count >= 10, $"the run should open referrals (it opened {referrals.Count})");

        // Rebuild: each projection read again from the start of the log equals the one kept live.
        var live = await ReadModelsAsync();
        // Damage the read models, so that only a real rebuild from the log can give the live rows back.
        await ReadModelsAsync($"DELETE FROM case_directory WHERE case_number = '{cases[0]}' RETURNING case_number");
        await ReadModelsAsync("UPDATE office_caseload SET cases = cases + 7 RETURNING office_code");
        await ReadModelsAsync("DELETE FROM referral_turnaround RETURNING to_code");
        Assert.NotEqual(live, await ReadModelsAsync());
        Assert.True(await Grains.GetGrain<IEventLogGrain>(0).RebuildAsync("cases"));
        Assert.True(await Grains.GetGrain<IEventLogGrain>(0).RebuildAsync("referrals"));
        Assert.False(await Grains.GetGrain<IEventLogGrain>(0).RebuildAsync("no-such-projection"));
        await Grains.WaitForEventLogAsync(); // the reset checkpoints must reach the head of the log again
        var rebuilt = await ReadModelsAsync();

        Assert.Equal(live, rebuilt);
    }

    private async Task ActAsync(Random random, CaseSnapshot snapshot, CaseAction action)
    {
        var office = snapshot.OfficeCode;
        var who = Staff.Supervisor(office);
        var @case = Grains.GetGrain<ICaseGrain>(snapshot.CaseNumber.ToString());
        await (action switch
        {
            RecordCounselling => @case.RecordCounsellingAsync(who, "information session"),
            RecordScreening => @case.RecordScreeningAsync(who, random.Next(6) > 0, "not eligible: pending asylum claim"),
            RecordRiskAssessment => @case.RecordRiskAssessmentAsync(who, RiskLevel.High, "threats on the route"),
            RecordConsent => @case.RecordConsentAsync(who),
            RequestExitClearance => @case.RequestExitClearanceAsync(who, ReferralConsent.Granted),
            RequestTravelDocument => @case.RequestTravelDocumentAsync(who, ReferralConsent.Granted),
            ReferForChildProtection => @case.ReferForChildProtectionAsync(who, ReferralConsent.Granted),
            ReferForProtection => @case.ReferForProtectionAsync(who, "CNDH", ReferralConsent.Granted),
            RequestTransfer => @case.RequestTransferAsync(who, new[] { "ACA", "MEX", "TAP", "TUX", "CJS" }.First(o => o != office), "closer to the airport"),
            BookTravel => @case.BookTravelAsync(who, Bookings.NextWeek()),
            RecordDeparture => @case.RecordDepartureAsync(who),
            RecordArrival => @case.RecordArrivalAsync(who),
            StartReintegration => @case.StartReintegrationAsync(who),
            Close => @case.CloseAsync(who, "returned home"),
            Withdraw => @case.WithdrawAsync(who, "stays in Mexico"),
            PutOnHold => @case.PutOnHoldAsync(who, "medical treatment"),
            Resume => @case.ResumeAsync(who),
            Reopen => @case.ReopenAsync(who, "asked again"),
            _ => Task.CompletedTask,
        });
    }

    private async Task AnswerAsync(Random random, string referralId, string custodyOffice)
    {
        var referral = Grains.GetGrain<IReferralGrain>(referralId);
        if (await referral.GetAsync() is not { } current)
        {
            return;
        }
        var counterpart = current.Kind is ReferralKind.Transfer or ReferralKind.Intake ? Staff.Caseworker(current.To) : Staff.Liaison(current.To);
        var choice = random.Next(10);
        await (current.Status switch
        {
            _ when choice == 0 => referral.CancelAsync(Staff.Caseworker(custodyOffice), "sent by mistake"),
            ReferralStatus.Sent when choice < 4 => referral.AcknowledgeAsync(counterpart),
            ReferralStatus.Sent or ReferralStatus.Acknowledged when choice < 9 => referral.AcceptAsync(counterpart),
            ReferralStatus.Sent or ReferralStatus.Acknowledged => referral.DeclineAsync(counterpart, "incomplete file"),
            ReferralStatus.Accepted => referral.CompleteAsync(counterpart),
            _ => Task.CompletedTask,
        });
    }

    /// <summary>Every row of every projection table, as text, in a stable order.</summary>
    private Task<IReadOnlyList<string>> ReadModelsAsync() => ReadModelsAsync("""
        SELECT t FROM (
            SELECT 'directory ' || row(case_number, office_code, status, version, given_names, family_names, folded_names, nationality,
                                       birth_date, document_number, vulnerabilities, open_referrals, overdue_referrals, registered_at, updated_at)::text AS t
              FROM case_directory
            UNION ALL SELECT 'caseload ' || row(office_code, status, partition, cases)::text FROM office_caseload WHERE cases <> 0
            UNION ALL SELECT 'registrations ' || row(office_code, partition, registered, last_case_number)::text FROM office_registrations
            UNION ALL SELECT 'board ' || row(referral_id, kind, case_number, from_code, to_code, status, sent_at, due_at, acknowledged_at,
                                             answered_at, overdue, awaiting_answer, sla_running, version)::text FROM referral_board
            UNION ALL SELECT 'turnaround ' || row(to_code, from_code, partition, acknowledged, round(acknowledge_seconds::numeric, 3),
                                                  answered, round(answer_seconds::numeric, 3))::text FROM referral_turnaround
        ) rows ORDER BY t
        """);

    private async Task<IReadOnlyList<string>> ReadModelsAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }
}
