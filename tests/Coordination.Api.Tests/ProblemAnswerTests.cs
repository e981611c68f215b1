using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Coordination.Api.Tests;

/// <summary>
/// A refused request is answered with problem details whatever the request asks for in its Accept
/// header, and a body in a charset nobody can decode is a 415, not a 500.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ProblemAnswerTests(ApiFixture fixture)
{
    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml")]
    [InlineData("garbage")]
    public async Task A_bad_body_is_a_problem_even_when_the_client_accepts_only_other_types(string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/cases") { Content = new StringContent("{not json", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", accept);

        var response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_too_large_body_is_a_problem_even_when_the_client_accepts_only_html()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/cases") { Content = new StringContent(new string('x', 200_000), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "text/html");

        var response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("application/json; charset=nonsense")]
    [InlineData("application/json; charset=\"\"x\"\"")]
    public async Task A_body_in_an_unknown_charset_is_unsupported(string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"officeCode\": \"ACA\"}"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await fixture.Http.PostAsync("/cases", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_body_in_utf16_that_says_so_is_read()
    {
        var content = new ByteArrayContent(Encoding.Unicode.GetBytes(Json.RegistrationBody("ACA").ToJsonString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-16" };

        var response = await fixture.Http.PostAsync("/cases", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
