using System.Net;
using Coordination.Api.Security;
using Coordination.Grains.Interfaces.Commands;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Api.Tests;

/// <summary>
/// A person opens the Orleans dashboard by pasting a token into the sign-in page: the token never
/// travels in a URL, is kept in an HTTP-only same-site cookie for the dashboard only, and signing
/// out forgets it. Only operations and administrators get in.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardSignInTests(ApiFixture fixture)
{
    private string Token(StaffRole role, string? office = null) =>
        new TokenMinter(fixture.Api.Services.GetRequiredService<TokenOptions>(), TimeProvider.System).Mint($"{role}@tests", role, office);

    private HttpClient Browser() => fixture.Api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static FormUrlEncodedContent Form(string token, string returnTo = "/dashboard/") =>
        new(new Dictionary<string, string> { ["token"] = token, ["return"] = returnTo });

    [Fact]
    public async Task An_operations_token_pasted_into_the_sign_in_page_opens_the_dashboard()
    {
        using var browser = Browser();

        var page = await browser.GetAsync("/sign-in");
        var signedIn = await browser.PostAsync("/sign-in", Form(Token(StaffRole.Operations)));
        var dashboard = await browser.GetAsync("/dashboard/");
        var figures = await browser.GetAsync("/ops");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<form method=\"post\" action=\"/sign-in\">", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/dashboard/", signedIn.Headers.Location?.OriginalString);
        // One cookie for each of the operations pages' paths (the dashboard, the figures page), none for the rest of the API.
        var cookies = signedIn.Headers.GetValues("Set-Cookie").ToList();
        Assert.Equal(["path=/dashboard", "path=/ops"], cookies.Select(c => c.Split(';').Select(p => p.Trim().ToLowerInvariant()).Single(p => p.StartsWith("path=", StringComparison.Ordinal))).Order());
        foreach (var cookie in cookies)
        {
            Assert.StartsWith($"{AuthenticationSetup.DashboardCookie}=", cookie, StringComparison.Ordinal);
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.OK, figures.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/offices")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_forgets_the_token()
    {
        using var browser = Browser();
        await browser.PostAsync("/sign-in", Form(Token(StaffRole.Administrator)));

        var signedOut = await browser.PostAsync("/sign-out", null);
        var dashboard = await browser.GetAsync("/dashboard/DashboardCounters");

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, dashboard.StatusCode);
    }

    [Fact]
    public async Task A_token_in_the_link_is_not_accepted()
    {
        var response = await fixture.Api.CreateClient().GetAsync($"/dashboard/DashboardCounters?access_token={Token(StaffRole.Operations)}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(StaffRole.Caseworker, HttpStatusCode.Forbidden)]
    [InlineData(StaffRole.Automation, HttpStatusCode.Forbidden)]
    public async Task Staff_who_are_not_operations_are_refused_at_sign_in(StaffRole role, HttpStatusCode expected)
    {
        using var browser = Browser();

        var response = await browser.PostAsync("/sign-in", Form(Token(role, "ACA")));

        Assert.Equal(expected, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task An_invalid_token_is_refused_at_sign_in()
    {
        using var browser = Browser();

        var response = await browser.PostAsync("/sign-in", Form("x.y.z"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not valid", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_browser_without_a_session_is_sent_to_the_sign_in_page_and_back()
    {
        using var browser = Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        request.Headers.Accept.ParseAdd("text/html");

        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sign-in?return=%2Fdashboard%2F", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("https://evil.example/dashboard")]
    [InlineData("//evil.example/")]
    [InlineData("/cases")]
    public async Task Sign_in_returns_only_to_the_dashboard(string returnTo)
    {
        using var browser = Browser();

        var response = await browser.PostAsync("/sign-in", Form(Token(StaffRole.Operations), returnTo));

        Assert.Equal("/dashboard/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_sign_in_form_posted_from_another_site_is_refused()
    {
        using var browser = Browser();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sign-in") { Content = Form(Token(StaffRole.Operations)) };
        request.Headers.Add("Origin", "https://evil.example");

        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }
}
