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

    [Fact]
    public async Task A_registered_case_reads_back_with_its_data_under_the_number_the_office_allotted()
    {
        var registration = Registrations.Valid() with { GivenNames = "  Maria   Jose ", Nationality = "hnd" };

        var registered = await Office("ACA").RegisterCaseAsync(registration, NewOperation());
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
        var tapachulaBefore = await Office("TAP").GetAsync();
        var mexicoBefore = await Office("MEX").GetAsync();

        var first = await Office("TAP").RegisterCaseAsync(Registrations.Valid(), NewOperation());
        var second = await Office("TAP").RegisterCaseAsync(Registrations.Valid(), NewOperation());

        Assert.Equal(first.CaseNumber.Sequence + 1, second.CaseNumber.Sequence);
        Assert.Equal(first.CaseNumber.Year, second.CaseNumber.Year);
        var tapachula = await Office("TAP").GetAsync();
        Assert.Equal(tapachulaBefore.CasesRegistered + 2, tapachula.CasesRegistered);
        Assert.Equal(second.CaseNumber, tapachula.LastCaseNumber);
        Assert.Equal(mexicoBefore, await Office("MEX").GetAsync());
    }

    [Fact]
    public async Task Repeating_an_operation_returns_the_first_case_and_allots_no_new_number()
    {
        var operation = NewOperation();
        var first = await Office("TUX").RegisterCaseAsync(Registrations.Valid(), operation);
        var officeAfterFirst = await Office("TUX").GetAsync();

        var repeated = await Office("TUX").RegisterCaseAsync(Registrations.Valid(), operation);

        Assert.Equivalent(first, repeated, strict: true);
        Assert.Equal(officeAfterFirst, await Office("TUX").GetAsync());
    }

    [Fact]
    public async Task Invalid_data_is_refused_with_the_fields_named_and_allots_no_number()
    {
        var before = await Office("CJS").GetAsync();
        var invalid = Registrations.Valid() with { GivenNames = " ", Nationality = "XXX", BirthDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2) };

        var error = await Assert.ThrowsAsync<InvalidCaseDataException>(() => Office("CJS").RegisterCaseAsync(invalid, NewOperation()));

        Assert.Equal(["birthDate", "givenNames", "nationality"], error.Errors.Keys.Order());
        Assert.Equal(before, await Office("CJS").GetAsync());
    }

    [Fact]
    public async Task An_unconfigured_office_is_unknown_for_reads_and_registrations()
    {
        var read = await Assert.ThrowsAsync<UnknownOfficeException>(() => Office("XYZ").GetAsync());
        var register = await Assert.ThrowsAsync<UnknownOfficeException>(() => Office("XYZ").RegisterCaseAsync(Registrations.Valid(), NewOperation()));

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

        await Assert.ThrowsAsync<ArgumentException>(() => Case(number).RegisterAsync("MEX", Registrations.Valid(), NewOperation()));
        Assert.Null(await Case(number).GetAsync());
    }

    [Fact]
    public async Task A_registered_number_is_not_registered_again_by_another_operation()
    {
        var registered = await Office("ACA").RegisterCaseAsync(Registrations.Valid(), NewOperation());

        var error = await Assert.ThrowsAsync<CaseAlreadyRegisteredException>(
            () => Case(registered.CaseNumber).RegisterAsync("ACA", Registrations.Valid(), NewOperation()));

        Assert.Equal(registered.CaseNumber.ToString(), error.CaseNumber);
        Assert.Equivalent(registered, await Case(registered.CaseNumber).GetAsync(), strict: true);
    }

    [Fact]
    public async Task The_case_is_stored_in_postgresql_as_readable_json_under_its_own_state_name()
    {
        var registered = await Office("MEX").RegisterCaseAsync(Registrations.Valid(), NewOperation());

        var json = await fixture.Database.ScalarAsync<string>(
            "SELECT convert_from(payloadbinary, 'UTF8') FROM orleansstorage WHERE graintypestring = 'case' AND grainidextensionstring = @key",
            ("key", registered.CaseNumber.ToString()));

        Assert.NotNull(json);
        Assert.Contains(registered.Registration.GivenNames, json);
        Assert.Contains("\"status\":\"registered\"", json, StringComparison.OrdinalIgnoreCase);
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
            var registered = await Office("MEX").RegisterCaseAsync(registration, operation);
            var retry = Office("MEX").RegisterCaseAsync(registration, operation);
            var hold = Case(registered.CaseNumber).PutOnHoldAsync(Staff.Caseworker("MEX"), "medical");
            await Task.WhenAll(retry, hold);
            return (await retry).CaseNumber == registered.CaseNumber && (await hold).Status == CaseStatus.OnHold;
        });

        Assert.All(await Task.WhenAll(attempts), Assert.True);
    }
}
