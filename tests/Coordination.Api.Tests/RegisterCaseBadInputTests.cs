using System.Net;
using System.Text.Json.Nodes;
using Coordination.Testing;

namespace Coordination.Api.Tests;

/// <summary>Bad input gets a 400 problem details that names every bad field, never a 500, and stores nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class RegisterCaseBadInputTests(ApiFixture fixture)
{
    public static TheoryData<string, Action<JsonObject>, string[]> InvalidRegistrations() => new()
    {
        { "missing names", b => { b.Remove("givenNames"); b.Remove("familyNames"); }, ["familyNames", "givenNames"] },
        { "blank names", b => { b["givenNames"] = "   "; }, ["givenNames"] },
        { "unknown office", b => { b["officeCode"] = "XYZ"; }, ["officeCode"] },
        { "malformed office code", b => { b["officeCode"] = "acayucan"; }, ["officeCode"] },
        { "missing office", b => { b.Remove("officeCode"); }, ["officeCode"] },
        { "birth date in the future", b => { b["birthDate"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd"); }, ["birthDate"] },
        { "unknown nationality", b => { b["nationality"] = "XXX"; }, ["nationality"] },
        { "no language", b => { b["languages"] = new JsonArray(); }, ["languages"] },
        { "unknown language", b => { b["languages"] = new JsonArray("es", "zz9"); }, ["languages[1]"] },
        { "document without number", b => { b["document"]!.AsObject().Remove("number"); }, ["document.number"] },
        { "document from nowhere", b => { b["document"]!["issuingCountry"] = "ATL"; }, ["document.issuingCountry"] },
        { "several at once", b => { b.Remove("sex"); b["nationality"] = "ZZZ"; b["givenNames"] = ""; }, ["givenNames", "nationality", "sex"] },
        { "birth date of the wrong type", b => { b["birthDate"] = 19940302; }, ["birthDate"] },
        { "birth date that is no date", b => { b["birthDate"] = "1994-02-30"; }, ["birthDate"] },
        { "sex that is not an option", b => { b["sex"] = "Robot"; }, ["sex"] },
        { "names of the wrong type", b => { b["givenNames"] = new JsonArray("a"); }, ["givenNames"] },
        { "vulnerability that is not a flag", b => { b["vulnerabilities"] = new JsonArray("Tired"); }, ["vulnerabilities[0]"] },
        { "document type that is not a type", b => { b["document"]!["type"] = 7; }, ["document.type"] },
    };

    [Theory]
    [MemberData(nameof(InvalidRegistrations))]
    public async Task An_invalid_registration_is_refused_naming_the_fields(string problem, Action<JsonObject> spoil, string[] fields)
    {
        var body = Json.RegistrationBody("CJS");
        spoil(body);
        await fixture.Grains.WaitForEventLogAsync(); // the office's figures are a projection of the event log
        var officeBefore = await (await fixture.Http.GetAsync("/offices/CJS")).BodyAsync();

        var response = await fixture.Http.PostAsync("/cases", body.Content());

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{problem}: expected 400, got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(fields, await response.ErrorFieldsAsync());
        var officeAfter = await (await fixture.Http.GetAsync("/offices/CJS")).BodyAsync();
        Assert.True(JsonNode.DeepEquals(officeBefore, officeAfter), $"{problem}: the office allotted a number");
    }

    [Theory]
    [InlineData("{\"officeCode\": \"ACA\", \"givenNames\": ", "givenNames")]
    [InlineData("{not json", "body")]
    [InlineData("[]", "body")]
    [InlineData("\"a string\"", "body")]
    [InlineData("null", "body")]
    [InlineData("", "body")]
    public async Task A_body_that_is_not_a_json_object_is_refused_naming_where_it_broke(string raw, string field)
    {
        var response = await fixture.Http.PostAsync("/cases", Json.Raw(raw));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal([field], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_as_an_unsupported_media_type()
    {
        var response = await fixture.Http.PostAsync("/cases", Json.Raw("givenNames=Maria", "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task An_oversize_body_is_refused_with_413()
    {
        var body = Json.RegistrationBody();
        body["givenNames"] = new string('a', 70 * 1024);

        var response = await fixture.Http.PostAsync("/cases", body.Content());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_request_without_a_token_is_refused_with_401()
    {
        var response = await fixture.Api.CreateClient().PostAsync("/cases", Json.RegistrationBody().Content());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_type_is_explained_with_what_the_field_expects()
    {
        var body = Json.RegistrationBody();
        body["sex"] = "Robot";

        var response = await fixture.Http.PostAsync("/cases", body.Content());
        var errors = (await response.BodyAsync())["errors"]!["sex"]!.AsArray();

        Assert.Contains("Female, Male, Other, Unknown", errors[0]!.GetValue<string>());
    }

    [Fact]
    public async Task An_empty_idempotency_key_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/cases") { Content = Json.RegistrationBody().Content() };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", " ");

        var response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["Idempotency-Key"], await response.ErrorFieldsAsync());
    }
}
