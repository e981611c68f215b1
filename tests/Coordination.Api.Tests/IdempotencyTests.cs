using System.Net;
using System.Text.Json.Nodes;
using Coordination.Testing;

namespace Coordination.Api.Tests;

/// <summary>Automation retries any POST with an Idempotency-Key: the first response is replayed and nothing happens twice.</summary>
[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(ApiFixture fixture)
{
    private Task<HttpResponseMessage> Post(string path, JsonObject? body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body?.Content() };
        request.Headers.Add("Idempotency-Key", key);
        return fixture.Http.SendAsync(request);
    }

    [Fact]
    public async Task A_retried_registration_replays_the_first_response_and_registers_nothing_new()
    {
        var key = Guid.NewGuid().ToString();
        var body = Json.RegistrationBody("MEX");

        var first = await Post("/cases", body, key);
        await fixture.Grains.WaitForEventLogAsync(); // the office's figures are a projection of the event log
        var officeAfterFirst = await (await fixture.Http.GetAsync("/offices/MEX")).BodyAsync();
        var second = await Post("/cases", body, key);
        await fixture.Grains.WaitForEventLogAsync();
        var officeAfterSecond = await (await fixture.Http.GetAsync("/offices/MEX")).BodyAsync();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.True(second.Headers.Contains("Idempotency-Replayed"));
        Assert.True(JsonNode.DeepEquals(officeAfterFirst, officeAfterSecond));
    }

    [Fact]
    public async Task A_retried_case_action_is_not_applied_twice()
    {
        var created = await (await fixture.Http.PostAsync("/cases", Json.RegistrationBody().Content())).BodyAsync();
        var caseNumber = created["caseNumber"]!.GetValue<string>();
        var key = Guid.NewGuid().ToString();

        var first = await Post($"/cases/{caseNumber}/hold", new JsonObject { ["reason"] = "medical" }, key);
        var second = await Post($"/cases/{caseNumber}/hold", new JsonObject { ["reason"] = "medical" }, key);
        var history = await (await fixture.Http.GetAsync($"/cases/{caseNumber}/history")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, JsonNode.Parse(history)!.AsArray().Count);
    }

    [Fact]
    public async Task The_same_key_with_a_different_request_is_refused()
    {
        var key = Guid.NewGuid().ToString();
        await Post("/cases", Json.RegistrationBody("TAP"), key);

        var reused = await Post("/cases", Json.RegistrationBody("TAP"), key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_refused_first_request_is_replayed_too_because_it_was_an_answer()
    {
        var key = Guid.NewGuid().ToString();
        var invalid = Json.RegistrationBody();
        invalid.Remove("givenNames");

        var first = await Post("/cases", invalid, key);
        var second = await Post("/cases", invalid, key);

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.True(second.Headers.Contains("Idempotency-Replayed"));
    }

    [Fact]
    public async Task A_refused_command_is_replayed_as_refused_even_after_the_case_moved_on()
    {
        var created = await (await fixture.Http.PostAsync("/cases", Json.RegistrationBody().Content())).BodyAsync();
        var caseNumber = created["caseNumber"]!.GetValue<string>();
        var key = Guid.NewGuid().ToString();

        var refused = await Post($"/cases/{caseNumber}/consent", null, key);
        await fixture.Http.PostAsync($"/cases/{caseNumber}/counselling", null);
        await fixture.Http.PostAsync($"/cases/{caseNumber}/screening", new JsonObject { ["eligible"] = true }.Content());
        var retried = await Post($"/cases/{caseNumber}/consent", null, key);
        var after = await (await fixture.Http.GetAsync($"/cases/{caseNumber}")).BodyAsync();

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, retried.StatusCode);
        Assert.True(retried.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal("Screened", after["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Of_two_simultaneous_requests_with_one_key_only_one_acts()
    {
        var created = await (await fixture.Http.PostAsync("/cases", Json.RegistrationBody().Content())).BodyAsync();
        var caseNumber = created["caseNumber"]!.GetValue<string>();
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Post($"/cases/{caseNumber}/counselling", new JsonObject { ["notes"] = "one session" }, key)));
        var history = JsonNode.Parse(await (await fixture.Http.GetAsync($"/cases/{caseNumber}/history")).Content.ReadAsStringAsync())!.AsArray();

        Assert.Equal(2, history.Count);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
    }
}
