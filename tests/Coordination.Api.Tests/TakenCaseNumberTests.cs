using System.Net;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Testing;

namespace Coordination.Api.Tests;

/// <summary>
/// When the number an office gives out was registered by someone else at the same moment, the
/// registration is a 503 with Retry-After that registered nothing, and sending the same request
/// again (same Idempotency-Key) gets the next number.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TakenCaseNumberTests(ApiFixture fixture)
{
    [Fact]
    public async Task A_registration_whose_number_was_just_taken_is_a_503_and_its_retry_gets_the_next_number()
    {
        var first = (await (await fixture.Http.PostAsync("/cases", Json.RegistrationBody("CJS").Content())).BodyAsync())["caseNumber"]!.GetValue<string>();
        Assert.True(CaseNumber.TryParse(first, out var number));
        var next = $"CJS-{number.Year}-{number.Sequence + 1:D6}";
        await fixture.Grains.GetGrain<ICaseGrain>(next).RegisterAsync("CJS", Registrations.Valid(), new CommandContext("elsewhere", StaffRole.Automation, Guid.NewGuid().ToString("N")));
        var key = Guid.NewGuid().ToString();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/cases") { Content = Json.RegistrationBody("CJS").Content() };
        request.Headers.Add("Idempotency-Key", key);
        var taken = await fixture.Http.SendAsync(request);
        using var retry = new HttpRequestMessage(HttpMethod.Post, "/cases") { Content = Json.RegistrationBody("CJS").Content() };
        retry.Headers.Add("Idempotency-Key", key);
        var registered = await fixture.Http.SendAsync(retry);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, taken.StatusCode);
        Assert.NotNull(taken.Headers.RetryAfter);
        Assert.Equal(next, (await taken.BodyAsync())["caseNumber"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal($"CJS-{number.Year}-{number.Sequence + 2:D6}", (await registered.BodyAsync())["caseNumber"]!.GetValue<string>());
    }
}
