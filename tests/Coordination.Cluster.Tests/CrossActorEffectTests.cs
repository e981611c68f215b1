using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

/// <summary>
/// Effects between actors ride on the event log, not on a call after a write. Each test makes one
/// of the ways the earlier design could lose or double a fact happen, and checks it no longer can.
/// </summary>
[Collection(EventLogCollection.Name)]
public sealed class CrossActorEffectTests(ClusterFixture fixture)
{
    private readonly FaultInjection _faults = new(fixture.Database);
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task Accept_and_withdraw_released_together_leave_the_receiving_office_no_place_held_for_a_case_it_never_got()
    {
        var driver = new CaseDriver(Grains);
        var juarez = Grains.GetGrain<IOfficeGrain>("CJS");
        for (var round = 0; round < 6; round++)
        {
            var registered = await driver.RegisterAsync(Registrations.Valid(), "ACA");
            var requested = await driver.Case(registered).RequestTransferAsync(Staff.Caseworker("ACA"), "CJS", "family in Juarez");
            var transfer = driver.Referral(CaseDriver.OpenReferral(requested, ReferralKind.Transfer));
            await Grains.WaitForEventLogAsync();
            var before = await juarez.GetCaseloadAsync();

            await Task.WhenAll(
                Outcome(transfer.AcceptAsync(Staff.Caseworker("CJS"))),
                Outcome(driver.Case(registered).WithdrawAsync(Staff.Caseworker("ACA"), "stays in Veracruz")));
            await Grains.WaitForEventLogAsync();

            var @case = (await driver.Case(registered).GetAsync())!;
            var after = await juarez.GetCaseloadAsync();
            var openAtJuarez = @case.OfficeCode == "CJS" && @case.Status != CaseStatus.Withdrawn ? 1 : 0;
            Assert.Equal(before.OpenCases + openAtJuarez, after.OpenCases);
            Assert.Equal(0L, await PlacesHeldFor(transfer.GetPrimaryKeyString()));
        }
    }

    [Fact]
    public async Task A_case_that_hears_only_that_its_referrals_were_completed_acts_as_if_it_had_heard_they_were_accepted()
    {
        var driver = new CaseDriver(Grains);
        var requested = await driver.DriveToAsync(CaseStatus.ClearanceRequested, "ACA");
        var withTransfer = await driver.Case(requested).RequestTransferAsync(Staff.Caseworker("ACA"), "MEX", "flight from Mexico City");
        var clearance = driver.Referral(CaseDriver.OpenReferral(withTransfer, ReferralKind.ExitClearance));
        var transfer = driver.Referral(CaseDriver.OpenReferral(withTransfer, ReferralKind.Transfer));
        await Grains.WaitForEventLogAsync();

        await using (await _faults.BlockAppendsAsync(requested.CaseNumber.ToString()))
        {
            // Neither acceptance reaches the case: every attempt to record it fails.
            await clearance.AcceptAsync(Staff.Liaison("INM"));
            await clearance.CompleteAsync(Staff.Liaison("INM"));
            await transfer.AcceptAsync(Staff.Caseworker("MEX"));
            var unaware = (await driver.Case(requested).GetAsync())!;
            Assert.Equal(CaseStatus.ClearanceRequested, unaware.Status);
            Assert.Equal("ACA", unaware.OfficeCode);
        }
        await Grains.WaitForEventLogAsync();

        var @case = (await driver.Case(requested).GetAsync())!;
        Assert.Equal(CaseStatus.Cleared, @case.Status);
        Assert.Equal("MEX", @case.OfficeCode);
        var progress = (await driver.Case(requested).GetHistoryAsync()).Where(h => h.Event == "ReferralProgressed").Select(h => h.Reason!).ToList();
        Assert.Contains(progress, r => r.Contains("(ExitClearance) Completed"));
        Assert.DoesNotContain(progress, r => r.Contains("(ExitClearance) Accepted"));
        Assert.Equal(0L, await PlacesHeldFor(transfer.GetPrimaryKeyString()));
    }

    [Fact]
    public async Task A_case_write_that_fails_after_a_referral_was_requested_leaves_no_referral_behind()
    {
        var driver = new CaseDriver(Grains);
        var consented = await driver.DriveToAsync(CaseStatus.Consented, "TAP");
        var caseNumber = consented.CaseNumber.ToString();
        var firstId = $"{caseNumber}-R{consented.Referrals.Count + 1:D2}";

        await using (await _faults.BlockAppendsAsync(caseNumber))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => driver.Case(consented).RequestExitClearanceAsync(Staff.Caseworker("TAP"), ReferralConsent.Granted));
            Assert.Null(await driver.Referral(firstId).GetAsync());
        }
        var requested = await driver.Case(consented).RequestExitClearanceAsync(Staff.Caseworker("TAP"), ReferralConsent.Granted);
        await Grains.WaitForEventLogAsync();

        var clearance = Assert.Single(requested.Referrals, r => r.Kind == ReferralKind.ExitClearance);
        Assert.Equal(firstId, clearance.ReferralId);
        Assert.Equal(ReferralStatus.Sent, (await driver.Referral(firstId).GetAsync())!.Status);
        Assert.Equal(1, await fixture.Database.ScalarAsync<int>("SELECT version FROM event_streams WHERE stream_id = @id", ("id", firstId)));
    }

    [Fact]
    public async Task A_withdrawn_case_leaves_its_offices_open_caseload_even_when_the_first_attempts_to_count_it_fail()
    {
        var driver = new CaseDriver(Grains);
        var tuxtla = Grains.GetGrain<IOfficeGrain>("TUX");
        await Grains.WaitForEventLogAsync();
        var before = await tuxtla.GetCaseloadAsync();
        var registered = await driver.RegisterAsync(Registrations.Valid(), "TUX");

        await using (var fault = await _faults.FailCheckpointsAsync("cases", times: 2))
        {
            await driver.Case(registered).WithdrawAsync(Staff.Caseworker("TUX"), "stays with family in Chiapas");
            await Grains.WaitForEventLogAsync();
            Assert.True(await _faults.SeenAsync(fault) >= 3, "the projection's first two batches failed before it applied them");
        }

        var after = await tuxtla.GetCaseloadAsync();
        Assert.Equal(before.OpenCases, after.OpenCases);
        Assert.Equal(before.ByStatus[CaseStatus.Withdrawn] + 1, after.ByStatus[CaseStatus.Withdrawn]);
    }

    [Fact]
    public async Task A_reaction_that_dies_before_recording_its_checkpoint_acts_once_when_the_events_are_read_again()
    {
        var driver = new CaseDriver(Grains);
        var registered = await driver.RegisterAsync(Registrations.AccompaniedMinorWithoutDocuments(), "MEX");
        await driver.Case(registered).ReferForProtectionAsync(Staff.Caseworker("MEX"), "CNDH", ReferralConsent.Granted);
        var open = await driver.Case(registered).RequestTravelDocumentAsync(Staff.Caseworker("MEX"), ReferralConsent.Granted);
        await Grains.WaitForEventLogAsync();

        await using (var fault = await _faults.FailCheckpointsAsync("workflow", times: 3))
        {
            await driver.Case(registered).WithdrawAsync(Staff.Caseworker("MEX"), "found work in Mexico City");
            await Grains.WaitForEventLogAsync();
            Assert.True(await _faults.SeenAsync(fault) >= 4, "the reaction handled the withdrawal three times without recording it");
        }

        foreach (var referral in open.Referrals)
        {
            Assert.Equal(ReferralStatus.Cancelled, (await driver.Referral(referral.ReferralId).GetAsync())!.Status);
            Assert.Equal(1, await fixture.Database.ScalarAsync<long>(
                "SELECT count(*) FROM events WHERE stream_id = @id AND event_type = 'ReferralCancelled'", ("id", referral.ReferralId)));
        }
    }

    [Fact]
    public async Task A_projection_batch_whose_checkpoint_fails_is_applied_once_when_it_is_read_again()
    {
        var driver = new CaseDriver(Grains);
        var registered = await driver.RegisterAsync(Registrations.KidnappingVictim(), "CJS");
        var referred = await driver.Case(registered).ReferForProtectionAsync(Staff.Caseworker("CJS"), "CNDH", ReferralConsent.Granted);
        var protection = driver.Referral(CaseDriver.OpenReferral(referred, ReferralKind.Protection));
        await Grains.WaitForEventLogAsync();
        var before = (await Grains.GetGrain<IAuthorityLiaisonGrain>("CNDH").GetAsync()).Turnaround;

        await using (var fault = await _faults.FailCheckpointsAsync("referrals", times: 2))
        {
            await protection.AcceptAsync(Staff.Liaison("CNDH"));
            await Grains.WaitForEventLogAsync();
            Assert.True(await _faults.SeenAsync(fault) >= 3, "the projection's first two batches failed before it applied them");
        }

        var after = (await Grains.GetGrain<IAuthorityLiaisonGrain>("CNDH").GetAsync()).Turnaround;
        Assert.Equal(before.Acknowledged + 1, after.Acknowledged);
        Assert.Equal(before.Answered + 1, after.Answered);
    }

    [Fact]
    public async Task An_intake_accepted_again_after_many_other_registrations_registers_no_second_case()
    {
        var registration = Registrations.Valid() with { Nationality = "COL", Document = null };
        var intakeId = $"INTAKE-{Guid.NewGuid():N}";
        var intake = Grains.GetGrain<IReferralGrain>(intakeId);
        await intake.SendAsync(new ReferralRequest(ReferralKind.Intake, null, "INM", "TAP",
            new ReferralSubject(registration.GivenNames, registration.FamilyNames, registration.BirthDate, registration.Nationality, registration.Sex, null, [], []),
            registration, true, null, "Estacion migratoria Tapachula", "liaison@INM"));
        var caseNumber = (await intake.AcceptAsync(Staff.Caseworker("TAP"))).ResultingCaseNumber!;
        var driver = new CaseDriver(Grains);
        for (var i = 0; i < 130; i++)
        {
            await driver.RegisterAsync(Registrations.Valid(), "TAP");
        }
        await Grains.WaitForEventLogAsync();
        var office = await Grains.GetGrain<IOfficeGrain>("TAP").GetAsync();

        // The office is asked again to register what the intake's acceptance registered, as a retry or the reaction would.
        var again = await Grains.GetGrain<IOfficeGrain>("TAP").RegisterCaseAsync(registration, Staff.Caseworker("TAP") with { OperationId = $"intake:{intakeId}" }, intakeId);
        await intake.ConfirmIntakeRegisteredAsync(again.CaseNumber.ToString());
        await Grains.WaitForEventLogAsync();

        Assert.Equal(caseNumber, again.CaseNumber.ToString());
        Assert.Equal(office.CasesRegistered, (await Grains.GetGrain<IOfficeGrain>("TAP").GetAsync()).CasesRegistered);
        Assert.Equal(ReferralStatus.Completed, (await intake.GetAsync())!.Status);
    }

    [Fact]
    public async Task The_earlier_of_two_registrations_of_one_person_learns_of_the_later()
    {
        var driver = new CaseDriver(Grains);
        var first = await driver.RegisterAsync(Registrations.Valid(), "TAP");

        var second = await driver.RegisterAsync(Registrations.Valid() with { Document = first.Registration.Document }, "MEX");
        await Grains.WaitForEventLogAsync();

        Assert.Equal([first.CaseNumber.ToString()], second.PossibleDuplicates);
        Assert.Equal([second.CaseNumber.ToString()], (await driver.Case(first).GetAsync())!.PossibleDuplicates);
        Assert.Equal("PossibleDuplicateFound", (await driver.Case(first).GetHistoryAsync())[^1].Event);
    }

    [Fact]
    public async Task Two_registrations_of_one_person_at_the_same_moment_flag_each_other()
    {
        var driver = new CaseDriver(Grains);
        var person = Registrations.Valid();

        var both = await Task.WhenAll(driver.RegisterAsync(person, "ACA"), driver.RegisterAsync(person with { }, "CJS"));
        await Grains.WaitForEventLogAsync();

        var first = (await driver.Case(both[0]).GetAsync())!;
        var second = (await driver.Case(both[1]).GetAsync())!;
        Assert.Equal([second.CaseNumber.ToString()], first.PossibleDuplicates);
        Assert.Equal([first.CaseNumber.ToString()], second.PossibleDuplicates);
    }

    [Fact]
    public async Task Match_keys_are_stored_as_keyed_hashes_never_as_names_or_document_numbers()
    {
        var driver = new CaseDriver(Grains);
        var registered = await driver.RegisterAsync(Registrations.Valid(), "ACA");

        var tags = await fixture.Database.ScalarAsync<string>(
            "SELECT string_agg(encode(tag, 'escape'), ' ') FROM event_tags WHERE stream_id = @id", ("id", registered.CaseNumber.ToString()));

        Assert.NotNull(tags);
        Assert.DoesNotContain(registered.Registration.Document!.Number, tags);
        Assert.DoesNotContain(registered.Registration.GivenNames.Split(' ')[1], tags, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM event_tags WHERE stream_id = @id AND length(tag) = 32",
            ("id", registered.CaseNumber.ToString())));
    }

    [Fact]
    public async Task A_cancellation_held_up_by_an_outage_lands_after_the_referral_was_collected_without_anyone_touching_it_again()
    {
        var driver = new CaseDriver(Grains);
        var registered = await driver.RegisterAsync(Registrations.KidnappingVictim(), "MEX");
        var referred = await driver.Case(registered).ReferForProtectionAsync(Staff.Caseworker("MEX"), "CNDH", ReferralConsent.Granted);
        var referralId = CaseDriver.OpenReferral(referred, ReferralKind.Protection);
        await Grains.WaitForEventLogAsync();

        await using (await _faults.BlockAppendsAsync(referralId))
        {
            await driver.Case(registered).WithdrawAsync(Staff.Caseworker("MEX"), "went back to Tabasco");
            // Longer than the collection age, as far as the referral is concerned: its activation is gone.
            await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        }
        await Grains.WaitForEventLogAsync();

        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM events WHERE stream_id = @id AND event_type = 'ReferralCancelled'", ("id", referralId)));
        Assert.Equal(ReferralStatus.Cancelled, (await driver.Referral(referralId).GetAsync())!.Status);
    }

    [Fact]
    public async Task A_referral_reactivated_and_read_again_from_the_start_of_the_log_counts_once_in_turnaround_and_once_in_its_case()
    {
        var driver = new CaseDriver(Grains);
        var registered = await driver.RegisterAsync(Registrations.Valid(), "ACA");
        var referred = await driver.Case(registered).ReferForProtectionAsync(Staff.Caseworker("ACA"), "CNDH", ReferralConsent.Granted);
        var referral = driver.Referral(CaseDriver.OpenReferral(referred, ReferralKind.Protection));
        await referral.AcknowledgeAsync(Staff.Liaison("CNDH"));
        await referral.DeclineAsync(Staff.Liaison("CNDH"), "outside our mandate");
        await Grains.WaitForEventLogAsync();
        var turnaround = (await Grains.GetGrain<IAuthorityLiaisonGrain>("CNDH").GetAsync()).Turnaround;
        var history = await driver.Case(registered).GetHistoryAsync();

        for (var i = 0; i < 3; i++)
        {
            await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            await referral.GetAsync();
        }
        // The reaction reads the whole log again, as after losing all its checkpoints.
        await fixture.Database.ScalarAsync<int>("UPDATE event_checkpoints SET tx_id = 0, position = 0 WHERE subscription = 'workflow' RETURNING 1");
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await Grains.WaitForEventLogAsync();

        Assert.Equal(turnaround, (await Grains.GetGrain<IAuthorityLiaisonGrain>("CNDH").GetAsync()).Turnaround);
        Assert.Equal(history, await driver.Case(registered).GetHistoryAsync());
    }

    [Fact]
    public async Task A_sequence_write_that_fails_hands_out_no_number_and_none_twice_afterwards()
    {
        var driver = new CaseDriver(Grains);
        var numbers = new List<CaseNumber> { (await driver.RegisterAsync(Registrations.Valid(), "CJS")).CaseNumber };

        await using (await _faults.BlockOfficeStateAsync("CJS"))
        {
            // Numbers reserved before the fault may still be handed out; once they run out the office must write, and fails.
            var failed = false;
            for (var i = 0; i < 80 && !failed; i++)
            {
                try
                {
                    numbers.Add((await driver.RegisterAsync(Registrations.Valid(), "CJS")).CaseNumber);
                }
                catch (StorageUnavailableException)
                {
                    failed = true;
                }
                catch (Orleans.Storage.InconsistentStateException)
                {
                    failed = true;
                }
            }
            Assert.True(failed, "the office had to write its sequence, and could not");
        }
        for (var i = 0; i < 5; i++)
        {
            numbers.Add((await driver.RegisterAsync(Registrations.Valid(), "CJS")).CaseNumber);
        }

        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.Equal(numbers.OrderBy(n => n.Sequence), numbers);
    }

    private Task<long> PlacesHeldFor(string referralId) =>
        fixture.Database.ScalarAsync<long>("SELECT count(*) FROM office_admissions WHERE referral_id = @id", ("id", referralId));

    private static async Task Outcome(Task task)
    {
        try
        {
            await task;
        }
        catch (CoordinationException)
        {
            // One of the two may be refused: the other got there first.
        }
    }
}
