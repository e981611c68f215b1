using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coordination.Browser.Tests;

/// <summary>
/// The operations page in Chromium: an operations user signs in with a token pasted into a form,
/// the page shows the figures, and as cases are registered and moved through the API the figures
/// on the page change to match, without a reload. Nothing on the page or in what it asks the
/// server for names a person or a case. Screenshots at desktop and phone widths.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OpsPageTests(BrowserFixture fixture)
{
    // Figures refresh every 5 s; allow a few refreshes on a busy machine.
    private static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 30_000 };

    private sealed record Registered(string CaseNumber, string GivenNames, string FamilyNames, string Document);

    private async Task<Registered> RegisterAsync(HttpClient staff, string office, string nationality)
    {
        var unique = Guid.NewGuid().ToString("N")[..6];
        var document = $"P{Random.Shared.Next(1_000_000, 9_999_999)}";
        var body = new JsonObject
        {
            ["officeCode"] = office, ["givenNames"] = $"Awa Zenebech{unique}", ["familyNames"] = $"Tesfaye{unique}", ["sex"] = "Female",
            ["birthDate"] = "1991-07-14", ["nationality"] = nationality, ["languages"] = new JsonArray("fr"),
            ["document"] = new JsonObject { ["type"] = "Passport", ["number"] = document, ["issuingCountry"] = nationality, ["expiresOn"] = "2031-01-31" },
        };
        var response = await staff.PostAsync("/cases", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return new Registered(created["caseNumber"]!.GetValue<string>(), $"Awa Zenebech{unique}", $"Tesfaye{unique}", document);
    }

    private async Task<IPage> SignedInPageAsync(IBrowserContext context, StaffRole role)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.BaseAddress, "/ops").ToString());
        // Not signed in: the page sends the browser to the sign-in form, and back afterwards.
        Assert.EndsWith("/sign-in?return=%2Fops", page.Url);
        await page.GetByLabel("Token").FillAsync(fixture.Token(role));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        return page;
    }

    [Fact]
    public async Task The_page_shows_the_figures_and_follows_cases_registered_and_moved_through_the_api()
    {
        var senegal = fixture.Client(StaffRole.Caseworker, office: "TUX");
        var people = new List<Registered> { await RegisterAsync(senegal, "TUX", "SEN") };
        await fixture.Grains.WaitForEventLogAsync();

        await using var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var requests = new List<IResponse>();
        var page = await SignedInPageAsync(context, StaffRole.Operations);
        page.Response += (_, response) => requests.Add(response);
        Assert.EndsWith("/ops", page.Url);
        Assert.DoesNotContain("eyJ", page.Url); // the token never in a URL

        await page.GetByLabel("Office", new() { Exact = true }).SelectOptionAsync("TUX");
        var open = page.Locator("[data-figure=open-cases]");
        var registered = page.Locator("[data-figure=status-Registered]");
        var counselled = page.Locator("[data-figure=status-Counselled]");
        var senegalOpen = page.Locator("[data-figure=nationality-open-SEN]");
        await Expect(open).ToHaveTextAsync("1", Soon);
        await Expect(registered).ToHaveTextAsync("1", Soon);
        await Expect(senegalOpen).ToHaveTextAsync("1", Soon);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Orleans dashboard" })).ToHaveAttributeAsync("href", "/dashboard/");
        await Expect(page.Locator("#status")).ToContainTextAsync("Figures as of");

        // Three more registrations, one of them counselled and one withdrawn: the page follows without a reload.
        for (var i = 0; i < 3; i++)
        {
            people.Add(await RegisterAsync(senegal, "TUX", "SEN"));
        }
        Assert.True((await senegal.PostAsync($"/cases/{people[1].CaseNumber}/counselling", new StringContent("{}", Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
        Assert.True((await senegal.PostAsync($"/cases/{people[2].CaseNumber}/withdrawal", new StringContent("{\"reason\":\"stays\"}", Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
        await fixture.Grains.WaitForEventLogAsync();

        await Expect(open).ToHaveTextAsync("3", Soon);
        await Expect(registered).ToHaveTextAsync("2", Soon);
        await Expect(counselled).ToHaveTextAsync("1", Soon);
        await Expect(page.Locator("[data-figure=status-Withdrawn]")).ToHaveTextAsync("1", Soon);
        await Expect(senegalOpen).ToHaveTextAsync("3", Soon);
        await Expect(page.Locator("[data-figure=registered-today]")).ToHaveTextAsync("4", Soon);
        await Expect(page.Locator("[data-figure=office-open-TUX]")).ToHaveTextAsync("3", Soon);

        // Accessible: every table is captioned, every chart titled, the office chooser labelled.
        Assert.Equal(await page.Locator("table").CountAsync(), await page.Locator("table > caption").CountAsync());
        Assert.Equal(await page.Locator("svg[role=img]").CountAsync(), await page.Locator("svg[role=img] > title").CountAsync());
        Assert.True(await page.Locator("svg[role=img]").CountAsync() >= 3);

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.OutputDirectory, "ops-desktop.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.OutputDirectory, "ops-phone.png"), FullPage = true });
        // On a phone the page does not scroll sideways (wide tables scroll within their own box).
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"));

        // No personal data in the page or in anything it asked the server for.
        var seen = new StringBuilder(await page.ContentAsync());
        foreach (var response in requests.Where(r => r.Url.StartsWith(fixture.BaseAddress.ToString(), StringComparison.Ordinal)))
        {
            seen.Append(response.Url).Append('\n');
            try
            {
                seen.Append(await response.TextAsync());
            }
            catch (PlaywrightException)
            {
                // A redirect has no body.
            }
        }
        Assert.Contains(requests, r => r.Url.Contains("/ops/panel", StringComparison.Ordinal));
        var text = seen.ToString();
        foreach (var person in people)
        {
            Assert.DoesNotContain(person.CaseNumber, text);
            Assert.DoesNotContain(person.GivenNames, text);
            Assert.DoesNotContain(person.FamilyNames, text);
            Assert.DoesNotContain(person.Document, text);
        }
        Assert.DoesNotContain("stays", text);
    }

    [Theory]
    [InlineData(StaffRole.Caseworker)]
    [InlineData(StaffRole.Liaison)]
    public async Task A_caseworker_or_liaison_token_does_not_open_the_page(StaffRole role)
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.BaseAddress, "/ops").ToString());
        await page.GetByLabel("Token").FillAsync(role == StaffRole.Liaison ? fixture.Token(role, authority: "INM") : fixture.Token(role, office: "TUX"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("These pages are for operations and administrators.");
        Assert.Empty(await context.CookiesAsync());
        var again = await page.GotoAsync(new Uri(fixture.BaseAddress, "/ops").ToString());
        Assert.Contains("/sign-in", page.Url);
        Assert.Equal(0, await page.Locator("[data-figure=open-cases]").CountAsync());
        _ = again;
    }
}
