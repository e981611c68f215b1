using System.Net;

namespace Coordination.Api.Tests;

/// <summary>An unknown case or office is a 404 problem details, whatever shape the id has.</summary>
[Collection(ApiCollection.Name)]
public sealed class NotFoundTests(ApiFixture fixture)
{
    [Theory]
    [InlineData("/cases/ACA-2019-999999")]
    [InlineData("/cases/garbage")]
    [InlineData("/cases/aca-2026-000001")]
    [InlineData("/cases/ACA-2026-0000001")]
    [InlineData("/offices/XYZ")]
    [InlineData("/offices/aca")]
    [InlineData("/offices/Acayucan")]
    [InlineData("/referrals/%20")]
    [InlineData("/referrals/%20%20")]
    [InlineData("/referrals/ACA-2019-999999-R01")]
    [InlineData("/referrals/INTAKE-0000000000000000000Z")]
    [InlineData("/referrals/%27%20OR%201=1--")]
    [InlineData("/openapi/v2.json")]
    [InlineData("/authorities/%20%20")]
    [InlineData("/authorities/inm")]
    [InlineData("/no-such-resource")]
    public async Task An_unknown_id_is_not_found(string path)
    {
        var response = await fixture.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
