using System.Net;
using System.Net.Http.Headers;
using Coordination.Api.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Api.Tests;

/// <summary>
/// The role claim is read exactly: one role by its name. A list of roles, a number or a name
/// spelled differently is no role at all, never a combination that adds up to another role.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RoleClaimTests(ApiFixture fixture)
{
    [Theory]
    [InlineData("supervisor,automation")]
    [InlineData("caseworker, liaison")]
    [InlineData("5")]
    [InlineData("0")]
    [InlineData("Administrator")]
    [InlineData(" administrator")]
    [InlineData("administrator ")]
    [InlineData("admin")]
    public async Task A_role_claim_that_is_not_exactly_one_role_gives_no_access(string role)
    {
        using var client = ClientWith(new Dictionary<string, object> { ["role"] = role, ["office"] = "*" });

        var audit = await client.GetAsync("/audit?recordType=case");
        var offices = await client.GetAsync("/offices");

        Assert.True(audit.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, $"{role}: audit answered {(int)audit.StatusCode}");
        Assert.True(offices.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, $"{role}: offices answered {(int)offices.StatusCode}");
    }

    [Fact]
    public async Task Two_role_claims_give_no_access()
    {
        using var client = ClientWith(new Dictionary<string, object> { ["role"] = new[] { "operations", "administrator" } });

        var response = await client.GetAsync("/offices");

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, $"answered {(int)response.StatusCode}");
    }

    [Fact]
    public async Task The_exact_name_is_a_role()
    {
        using var client = ClientWith(new Dictionary<string, object> { ["role"] = "administrator" });

        var response = await client.GetAsync("/offices");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private HttpClient ClientWith(Dictionary<string, object> claims)
    {
        claims["sub"] = $"someone-{Guid.NewGuid():N}";
        var options = new TokenOptions { SigningKey = ApiHost.SigningKey };
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Claims = claims,
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(TokenMinter.SigningKey(options), SecurityAlgorithms.HmacSha256),
        });
        var client = fixture.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
