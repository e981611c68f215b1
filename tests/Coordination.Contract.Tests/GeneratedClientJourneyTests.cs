using System.Net.Http.Headers;
using Coordination.Api.Security;
using Coordination.Api.Tests;
using Coordination.Contract.Client;
using Coordination.Contract.Client.Models;
using Coordination.Grains.Interfaces.Commands;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace Coordination.Contract.Tests;

/// <summary>
/// The return journey driven by a client generated from the OpenAPI document at build time (Kiota):
/// if the document drifts from the API (a path, a field, an enum name, a body the API reads
/// differently), this client breaks. Each step with a token of the right role; the liaisons answer
/// their referrals; the booking carries the ETag the case was read with.
/// </summary>
[Collection(ContractCollection.Name)]
public sealed class GeneratedClientJourneyTests(ContractFixture fixture)
{
    [Fact]
    public async Task The_generated_client_takes_a_case_from_registration_to_closure()
    {
        var acayucan = Client(StaffRole.Caseworker, office: "ACA");
        var inm = Client(StaffRole.Liaison, authority: "INM");

        var registered = await acayucan.Cases.PostAsync(new RegisterCaseRequest
        {
            OfficeCode = "ACA",
            GivenNames = "Maria Jose",
            FamilyNames = $"Contrato {Guid.NewGuid():N}"[..30],
            Sex = Sex.Female,
            BirthDate = new Date(1994, 3, 2),
            Nationality = "HND",
            Languages = ["es"],
            Document = new IdentityDocumentRequest
            {
                Type = DocumentType.Passport,
                Number = $"E{Random.Shared.Next(1_000_000, 9_999_999)}",
                IssuingCountry = "HND",
                ExpiresOn = new Date(DateTime.UtcNow.Year + 5, 1, 31),
            },
            Vulnerabilities = [VulnerabilityFlag.Pregnant],
        }, r => r.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString()));
        var caseNumber = registered!.CaseNumber!;
        Assert.Equal(CaseStatus.Registered, registered.Status);
        var theCase = acayucan.Cases[caseNumber];

        await theCase.Counselling.PostAsync(new CounsellingRequest { Notes = "Information on return and reintegration, in Spanish" });
        Assert.Equal(CaseStatus.Screened, (await theCase.Screening.PostAsync(new ScreeningRequest { Eligible = true }))!.Status);
        Assert.Equal(CaseStatus.Consented, (await theCase.Consent.PostAsync())!.Status);

        // A step the case does not allow now is refused with the 409 the document declares, naming what is allowed.
        var refused = await Assert.ThrowsAnyAsync<ApiException>(() => theCase.Departure.PostAsync());
        Assert.Equal(409, refused.ResponseStatusCode);

        var clearanceRequested = await theCase.ExitClearanceRequest.PostAsync(new ReferralConsentRequest { ConsentGiven = true });
        Assert.Equal(CaseStatus.ClearanceRequested, clearanceRequested!.Status);
        var clearance = clearanceRequested.Referrals!.Single(r => r.Kind == ReferralKind.ExitClearance);
        Assert.Equal("INM", clearance.To);

        // INM's liaison finds it in the authority's inbox (a projection of the event log) and answers it.
        await fixture.Grains.WaitForEventLogAsync();
        var inbox = await inm.Authorities["INM"].GetAsync();
        Assert.Contains(inbox!.Inbox!, i => i.ReferralId == clearance.ReferralId);
        Assert.Equal(ReferralStatus.Acknowledged, (await inm.Referrals[clearance.ReferralId!].Acknowledgement.PostAsync())!.Status);
        var accepted = await inm.Referrals[clearance.ReferralId!].Acceptance.PostAsync(new ReferralReasonRequest { Reason = "No impediment to leave" });
        Assert.Equal(ReferralStatus.Accepted, accepted!.Status);
        Assert.Equal("No impediment to leave", accepted.Reason);

        // The booking is sent with the ETag of the case as read: the document's If-Match and ETag headers.
        var inspection = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var cleared = await theCase.GetAsync(r => r.Options.Add(inspection));
        Assert.Equal(CaseStatus.Cleared, cleared!.Status);
        var etag = inspection.ResponseHeaders["ETag"].Single();
        Assert.Equal($"\"{cleared.Version}\"", etag);
        var booked = await theCase.TravelBooking.PostAsync(new TravelBookingRequest
        {
            DepartureDate = new Date(DateTime.UtcNow.AddDays(5)),
            Carrier = "Aeromexico",
            Itinerary = "MEX-SAP AM 0123",
            Destination = "San Pedro Sula",
        }, r => r.Headers.Add("If-Match", etag));
        Assert.Equal(CaseStatus.TravelBooked, booked!.Status);
        Assert.Equal("San Pedro Sula", booked.TravelBooking!.Destination);

        // The same ETag is stale now: 412, as declared.
        var stale = await Assert.ThrowsAnyAsync<ApiException>(() => theCase.Departure.PostAsync(r => r.Headers.Add("If-Match", etag)));
        Assert.Equal(412, stale.ResponseStatusCode);

        Assert.Equal(CaseStatus.Departed, (await theCase.Departure.PostAsync())!.Status);
        Assert.Equal(CaseStatus.Arrived, (await theCase.Arrival.PostAsync())!.Status);
        Assert.Equal(CaseStatus.Reintegration, (await theCase.Reintegration.PostAsync())!.Status);
        var closed = await theCase.Closure.PostAsync(new ReasonRequest { Reason = "Reintegration plan completed" });
        Assert.Equal(CaseStatus.Closed, closed!.Status);

        var history = await theCase.History.GetAsync();
        Assert.Equal(
            [CaseStatus.Counselled, CaseStatus.Screened, CaseStatus.Consented, CaseStatus.ClearanceRequested, CaseStatus.Cleared,
             CaseStatus.TravelBooked, CaseStatus.Departed, CaseStatus.Arrived, CaseStatus.Reintegration, CaseStatus.Closed],
            history!.Where(h => h.From != h.To).Select(h => h.To!.Value));
    }

    [Fact]
    public async Task A_request_the_api_refuses_reaches_the_generated_client_as_a_validation_problem()
    {
        var acayucan = Client(StaffRole.Caseworker, office: "ACA");

        var refused = await Assert.ThrowsAnyAsync<ApiException>(() => acayucan.Cases.PostAsync(new RegisterCaseRequest
        {
            OfficeCode = "ACA",
            GivenNames = "Juan",
            FamilyNames = "Perez",
            Sex = Sex.Male,
            BirthDate = new Date(1899, 12, 31),
            Nationality = "HND",
            Languages = ["es"],
        }));

        Assert.Equal(400, refused.ResponseStatusCode);
        var problem = Assert.IsType<HttpValidationProblemDetails>(refused);
        Assert.Contains("birthDate", problem.Errors!.AdditionalData.Keys);
    }

    /// <summary>The generated client over the in-process API, with Kiota's default handlers and a token for this identity.</summary>
    private CoordinationClient Client(StaffRole role, string? office = null, string? authority = null)
    {
        var http = fixture.Api.CreateDefaultClient([.. KiotaClientFactory.CreateDefaultHandlers()]);
        var minter = new TokenMinter(new TokenOptions { SigningKey = ApiHost.SigningKey }, TimeProvider.System);
        var token = minter.Mint($"{role.ToString().ToLowerInvariant()}@{office ?? authority}", role, office, authority, subject: null);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        };
        return new CoordinationClient(adapter);
    }
}
