using System.Net;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Tests;

/// <summary>
/// Whatever a client sends to any endpoint that takes a body, the answer is a 4xx problem details,
/// never a 500, and a refused request leaves the case as it was.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EveryEndpointBadInputTests(ApiFixture fixture)
{
    private static readonly string[] Paths =
    [
        "/cases", "/cases/{case}/counselling", "/cases/{case}/screening", "/cases/{case}/risk-assessment", "/cases/{case}/consent",
        "/cases/{case}/exit-clearance-request", "/cases/{case}/travel-document-request", "/cases/{case}/child-protection-referral",
        "/cases/{case}/protection-referral", "/cases/{case}/transfer-request", "/cases/{case}/travel-booking", "/cases/{case}/departure",
        "/cases/{case}/arrival", "/cases/{case}/reintegration", "/cases/{case}/closure", "/cases/{case}/withdrawal", "/cases/{case}/hold",
        "/cases/{case}/resumption", "/cases/{case}/reopening", "/referrals/{referral}/decline", "/referrals/{referral}/cancellation",
        "/referrals/intakes", "/cases/{case}/emergency-access", "/cases/{case}/erasure",
    ];

    private static readonly string[] Bodies =
    [
        "{not json", "[1, 2]", "\"text\"", "42", "{\"eligible\": \"yes\", \"level\": 7, \"consentGiven\": \"no\", \"departureDate\": \"tomorrow\"," +
        " \"reason\": [\"a\"], \"toOfficeCode\": {}, \"recipient\": 3, \"officeCode\": false, \"migrant\": \"x\", \"notes\": 1.5}",
        "{\"reason\": \"" + new string('x', 20_000) + "\", \"notes\": \"" + new string('x', 20_000) + "\", \"summary\": \"\\u0000\"}",
    ];

    public static TheoryData<string, int> EveryPathAndBody()
    {
        var data = new TheoryData<string, int>();
        foreach (var path in Paths)
        {
            for (var body = 0; body < Bodies.Length; body++)
            {
                data.Add(path, body);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPathAndBody))]
    public async Task A_malformed_body_gets_a_4xx_problem_and_changes_nothing(string path, int body)
    {
        var created = await (await fixture.Http.PostAsync("/cases", Json.RegistrationBody("ACA").Content())).BodyAsync();
        var caseNumber = created["caseNumber"]!.GetValue<string>();
        var client = path switch
        {
            "/referrals/intakes" => fixture.As(StaffRole.Liaison, authority: "INM"),
            "/cases/{case}/emergency-access" => fixture.As(StaffRole.Supervisor, office: "TAP"),
            "/cases/{case}/erasure" => fixture.As(StaffRole.Administrator),
            _ => fixture.Http,
        };

        var response = await client.PostAsync(path.Replace("{case}", caseNumber).Replace("{referral}", $"{caseNumber}-R01"), Json.Raw(Bodies[body]));

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var after = await (await fixture.Http.GetAsync($"/cases/{caseNumber}")).BodyAsync();
        Assert.Equal(created["version"]!.GetValue<int>(), after["version"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("/offices/ACA/capacity", "{\"capacity\": \"many\"}")]
    [InlineData("/offices/ACA/capacity", "{\"capacity\": -1}")]
    [InlineData("/offices/ACA/capacity", "[]")]
    [InlineData("/offices/XYZ/capacity", "{\"capacity\": 10}")]
    public async Task A_bad_capacity_change_gets_a_4xx_problem(string path, string body)
    {
        var response = await fixture.As(StaffRole.Administrator).PutAsync(path, Json.Raw(body));

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/cases/ACA-2026-000001/consent", "If-Match", "7")]
    [InlineData("/cases/ACA-2026-000001/consent", "If-Match", "\"seven\"")]
    [InlineData("/cases/ACA-2026-000001/consent", "If-Match", "*")]
    public async Task A_malformed_if_match_is_refused_naming_the_header(string path, string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.TryAddWithoutValidation(header, value);

        var response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([header], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task An_unknown_referral_is_not_found()
    {
        var response = await fixture.As(StaffRole.Liaison, authority: "INM").PostAsync("/referrals/NOPE-R99/acceptance", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_new_capacity_must_be_a_positive_number_and_a_good_one_is_taken()
    {
        var admin = fixture.As(StaffRole.Administrator);

        var response = await admin.PutAsync("/offices/CJS/capacity", new JsonObject { ["capacity"] = 250 }.Content());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(250, (await response.BodyAsync())["capacity"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("/audit?actor=a%00b", "actor")]
    [InlineData("/audit?recordId=%00", "recordId")]
    [InlineData("/audit?limit=100000", "limit")]
    public async Task Bad_audit_filters_are_refused_naming_them(string path, string field)
    {
        var response = await fixture.As(StaffRole.Administrator).GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.ErrorFieldsAsync());
    }

    [Theory]
    [InlineData("/admin/rules/dry-run?event=ConsentRecorded", "caseNumber")]
    [InlineData("/admin/rules/dry-run?caseNumber=ACA-2026-000001&event=ConsentGiven", "event")]
    [InlineData("/admin/rules/dry-run?caseNumber=not-a-case&event=%00", "caseNumber,event")]
    [InlineData("/admin/rules/dry-run?caseNumber=ACA-2026-000001&event=ConsentRecorded&referralId=%01", "referralId")]
    public async Task Bad_rule_dry_run_questions_are_refused_naming_them(string path, string fields)
    {
        var response = await fixture.As(StaffRole.Administrator).GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(fields.Split(','), await response.ErrorFieldsAsync());
    }

    [Theory]
    [InlineData("{\"url\": \"https://hooks.example.org/x\", \"eventTypes\": [\"*\"]}", "url")]
    [InlineData("{\"url\": \"ftp://hooks.example.org/x\", \"eventTypes\": [\"*\"]}", "url")]
    [InlineData("{\"url\": \"https://user:pw@hooks.example.org/x\", \"eventTypes\": [\"*\"]}", "url")]
    [InlineData("{\"eventTypes\": [\"*\"]}", "url")]
    [InlineData("{\"url\": \"https://hooks.example.org/x\"}", "eventTypes")]
    [InlineData("{\"url\": \"https://hooks.example.org/x\", \"eventTypes\": [\"ConsentGiven\", null], \"offices\": [\"XYZ\"], \"recipient\": \"NOPE\", \"description\": \"a\\u0000b\"}",
        "description,eventTypes,offices,recipient,url")]
    public async Task Bad_webhook_subscriptions_are_refused_naming_the_fields(string body, string fields)
    {
        var response = await fixture.As(StaffRole.Administrator).PostAsync("/admin/webhooks", Json.Raw(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(fields.Split(','), await response.ErrorFieldsAsync());
    }

    [Theory]
    [InlineData("/admin/webhooks")]
    [InlineData("/admin/webhooks/00000000-0000-0000-0000-000000000001/secret-rotation")]
    public async Task A_malformed_webhook_body_gets_a_4xx_problem(string path)
    {
        foreach (var body in Bodies)
        {
            var response = await fixture.As(StaffRole.Administrator).PostAsync(path, Json.Raw(body));

            Assert.InRange((int)response.StatusCode, 400, 499);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("/admin/webhooks/00000000-0000-0000-0000-000000000001/deliveries?status=Lost", "status")]
    [InlineData("/admin/webhooks/00000000-0000-0000-0000-000000000001/deliveries?status=1&limit=0", "limit,status")]
    public async Task Bad_delivery_filters_are_refused_naming_them(string path, string fields)
    {
        var response = await fixture.As(StaffRole.Administrator).GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(fields.Split(','), await response.ErrorFieldsAsync());
    }

    [Theory]
    [InlineData("GET", "/admin/webhooks/not-a-subscription")]
    [InlineData("DELETE", "/admin/webhooks/00000000-0000-0000-0000-000000000001")]
    [InlineData("GET", "/admin/webhooks/00000000-0000-0000-0000-000000000001/deliveries")]
    [InlineData("POST", "/admin/webhooks/00000000-0000-0000-0000-000000000001/deliveries/99999999999999999999/replay")]
    public async Task An_unknown_webhook_subscription_is_not_found(string method, string path)
    {
        var response = await fixture.As(StaffRole.Administrator).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_absurdly_long_referral_id_is_simply_not_found()
    {
        var response = await fixture.As(StaffRole.Liaison, authority: "INM").GetAsync($"/referrals/{new string('a', 3200)}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
