using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Testing;

namespace Coordination.Cluster.Tests;

[Collection(ClusterCollection.Name)]
public sealed class CaseRegistrationTests(ClusterFixture fixture)
{
    private IOfficeGrain Office(string code) => fixture.Client.GetGrain<IOfficeGrain>(code);
    private ICaseGrain Case(CaseNumber number) => fixture.Client.GetGrain<ICaseGrain>(number.ToString());
    private static string NewOperation() => Guid.NewGuid().ToString("N");

    /// <summary>A caseworker of the office registering, under the given operation id.</summary>
    private static Coordination.Grains.Interfaces.Commands.CommandContext Registrar(string office, string operationId) =>
        Staff.Caseworker(office) with { OperationId = operationId };

    [Fact]
    public async Task A_registered_case_reads_back_with_its_data_under_the_number_the_office_allotted()
    {
        var registration = Registrations.Valid() with { GivenNames = "  Maria   Jose ", Nationality = "hnd" };

        var registered = await Office("ACA").RegisterCaseAsync(registration, Registrar("ACA", NewOperation()));
        var read = await Case(registered.CaseNumber).GetAsync();

        Assert.NotNull(read);
        Assert.Equal("ACA", read.CaseNumber.OfficeCode);
        Assert.Equal("ACA", read.OfficeCode);
        Assert.Equal(CaseStatus.Registered, read.Status);
        Assert.Equal(1, read.Version);
        Assert.Equal("Maria Jose", read.Registration.GivenNames);
        Assert.Equal("HND", read.Registration.Nationality);
        Assert.Equal(registration.Document!.Number, read.Registration.Document!.Number);
        Assert.Equivalent(registered, read, strict: true);
    }

    [Fact]
    public async Task Consecutive_registrations_get_consecutive_numbers_and_offices_count_separately()
    {
        // Registration counts are a projection of the event log: read them once earlier tests' registrations are counted.
        await fixture.Client.WaitForEventLogAsync();
        var tapachulaBefore = await Office("TAP").GetAsync();
        var mexicoBefore = await Office("MEX").GetAsync();

        var first = await Office("TAP").RegisterCaseAsync(Registrations.Valid(), Registrar("TAP", NewOperation()));
        var second = await Office("TAP").RegisterCaseAsync(Registrations.Valid(), Registrar("TAP", NewOperation()));
        await fixture.Client.WaitForEventLogAsync();

        Assert.Equal(first.CaseNumber.Sequence + 1, second.CaseNumber.Sequence);
        Assert.Equal(first.CaseNumber.Year, second.CaseNumber.Year);
        var tapachula = await Office("TAP").GetAsync();
        Assert.Equal(tapachulaBefore.CasesRegistered + 2, tapachula.CasesRegistered);
        Assert.Equal(second.CaseNumber, tapachula.LastCaseNumber);
        Assert.Equal(mexicoBefore, await Office("MEX").GetAsync());
    }

    [Fact]
    public async Task Repeating_an_operation_returns_the_first_case_and_registers_nothing_new()
    {
        var operation = NewOperation();
        var first = await Office("TUX").RegisterCaseAsync(Registrations.Valid(), Registrar("TUX", operation));
        await fixture.Client.WaitForEventLogAsync();
        var officeAfterFirst = await Office("TUX").GetAsync();

        var repeated = await Office("TUX").RegisterCaseAsync(Registrations.Valid(), Registrar("TUX", operation));
        await fixture.Client.WaitForEventLogAsync();

        Assert.Equivalent(first, repeated, strict: true);
        Assert.Equal(officeAfterFirst, await Office("TUX").GetAsync());
    }

    [Fact]
    public async Task Invalid_data_is_refused_with_the_fields_named_and_allots_no_number()
    {
        var before = await Office("CJS").GetAsync();
        var invalid = Registrations.Valid() with { GivenNames = " ", Nationality = "XXX", BirthDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2) };

        var error = await Assert.ThrowsAsync<InvalidCaseDataException>(() => Office("CJS").RegisterCaseAsync(invalid, Registrar("CJS", NewOperation())));

        Assert.Equal(["birthDate", "givenNames", "nationality"], error.Errors.Keys.Order());
        Assert.Equal(before, await Office("CJS").GetAsync());
    }

    [Fact]
    public async Task An_unconfigured_office_is_unknown_for_reads_and_registrations()
    {
        var read = await Assert.ThrowsAsync<UnknownOfficeException>(() => Office("XYZ").GetAsync());
        var register = await Assert.ThrowsAsync<UnknownOfficeException>(() => Office("XYZ").RegisterCaseAsync(Registrations.Valid(), Registrar("XYZ", NewOperation())));

        Assert.Equal("XYZ", read.OfficeCode);
        Assert.Equal("XYZ", register.OfficeCode);
    }

    [Fact]
    public async Task A_number_nobody_registered_has_no_case()
    {
        Assert.Null(await fixture.Client.GetGrain<ICaseGrain>("ACA-2019-999999").GetAsync());
    }

    [Fact]
    public async Task A_case_number_cannot_be_registered_by_an_office_it_does_not_belong_to()
    {
        var number = new CaseNumber("ACA", 2019, 424242);

        await Assert.ThrowsAsync<ArgumentException>(() => Case(number).RegisterAsync("MEX", Registrations.Valid(), Registrar("MEX", NewOperation())));
        Assert.Null(await Case(number).GetAsync());
    }

    [Fact]
    public async Task A_registered_number_is_not_registered_again_by_another_operation()
    {
        var registered = await Office("ACA").RegisterCaseAsync(Registrations.Valid(), Registrar("ACA", NewOperation()));

        var error = await Assert.ThrowsAsync<CaseAlreadyRegisteredException>(
            () => Case(registered.CaseNumber).RegisterAsync("ACA", Registrations.Valid(), Registrar("ACA", NewOperation())));

        Assert.Equal(registered.CaseNumber.ToString(), error.CaseNumber);
        Assert.Equivalent(registered, await Case(registered.CaseNumber).GetAsync(), strict: true);
    }

    [Fact]
    public async Task The_case_is_stored_as_readable_events_whose_personal_data_is_sealed_with_its_own_key()
    {
        var registered = await Office("MEX").RegisterCaseAsync(Registrations.Valid(), Registrar("MEX", NewOperation()));
        var key = ("key", (object)registered.CaseNumber.ToString());

        var json = await fixture.Database.ScalarAsync<string>("SELECT data::text FROM events WHERE stream_id = @key AND version = 1", key);
        var sealedBytes = await fixture.Database.ScalarAsync<byte[]>("SELECT personal FROM events WHERE stream_id = @key AND version = 1", key);
        var keys = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM subject_keys WHERE key_id = @key", key);

        Assert.NotNull(json);
        Assert.Contains("\"CaseRegistered\"", json);
        Assert.Contains("\"HND\"", json);
        Assert.DoesNotContain(registered.Registration.GivenNames, json);
        Assert.DoesNotContain(registered.Registration.Document!.Number, json);
        Assert.NotNull(sealedBytes);
        Assert.DoesNotContain(registered.Registration.GivenNames, System.Text.Encoding.UTF8.GetString(sealedBytes));
        Assert.Equal(1, keys);
    }

    [Fact]
    public async Task A_retried_registration_and_a_command_on_the_same_case_do_not_wait_on_each_other()
    {
        // Regression: the office waited on the case (retry) while the case waited on the office
        // (reporting its new status), until Orleans' 30-second response timeout broke the cycle.
        var attempts = Enumerable.Range(0, 10).Select(async _ =>
        {
            var operation = NewOperation();
            var registration = Registrations.Valid();
            var registered = await Office("MEX").RegisterCaseAsync(registration, Registrar("MEX", operation));
            var retry = Office("MEX").RegisterCaseAsync(registration, Registrar("MEX", operation));
            var hold = Case(registered.CaseNumber).PutOnHoldAsync(Staff.Caseworker("MEX"), "medical");
            await Task.WhenAll(retry, hold);
            return (await retry).CaseNumber == registered.CaseNumber && (await hold).Status == CaseStatus.OnHold;
        });

        Assert.All(await Task.WhenAll(attempts), Assert.True);
    }
}
