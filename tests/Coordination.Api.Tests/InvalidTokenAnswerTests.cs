using System.Net;
using System.Net.Http.Headers;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces.Commands;
using Microsoft.Extensions.Time.Testing;

namespace Coordination.Api.Tests;

/// <summary>
/// A 401 says that a token is needed or that the one sent is not valid, and nothing about why:
/// no expiry time, no key id, no audience in the answer or its WWW-Authenticate header.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class InvalidTokenAnswerTests(ApiFixture fixture)
{
    public static TheoryData<string> InvalidTokens()
    {
        var expired = new TokenMinter(new TokenOptions { SigningKey = ApiHost.SigningKey }, new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-2)))
            .Mint("caseworker@ACA", StaffRole.Caseworker, "ACA");
        var otherKey = new TokenMinter(new TokenOptions { SigningKey = Convert.ToBase64String(new byte[32]) }, TimeProvider.System)
            .Mint("caseworker@ACA", StaffRole.Caseworker, "ACA");
        var otherAudience = new TokenMinter(new TokenOptions { SigningKey = ApiHost.SigningKey, Audience = "somewhere-else" }, TimeProvider.System)
            .Mint("caseworker@ACA", StaffRole.Caseworker, "ACA");
        return new TheoryData<string> { expired, otherKey, otherAudience, "x.y.z" };
    }

    [Theory]
    [MemberData(nameof(InvalidTokens))]
    public async Task An_invalid_token_is_told_only_that_it_is_invalid(string token)
    {
        using var client = fixture.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/offices");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        foreach (var hint in new[] { "expired", "signature", "kid", "audience", "lifetime", "IDX" })
        {
            Assert.DoesNotContain(hint, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_request_without_a_token_is_told_a_token_is_needed()
    {
        var response = await fixture.Api.CreateClient().GetAsync("/offices");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }
}
