using System.Net;

namespace Coordination.Api.Tests;

/// <summary>An enum field takes one of its names: a number, or a number in a string, is a bad field, not a stored value.</summary>
[Collection(ApiCollection.Name)]
public sealed class EnumByNameTests(ApiFixture fixture)
{
    [Theory]
    [InlineData("{\"level\": 42, \"summary\": \"x\"}")]
    [InlineData("{\"level\": \"42\", \"summary\": \"x\"}")]
    [InlineData("{\"level\": 1, \"summary\": \"x\"}")]
    public async Task A_risk_level_given_as_a_number_is_refused_naming_the_field(string body)
    {
        var created = await (await fixture.Http.PostAsync("/cases", Json.RegistrationBody("ACA").Content())).BodyAsync();
        var caseNumber = created["caseNumber"]!.GetValue<string>();

        var response = await fixture.Http.PostAsync($"/cases/{caseNumber}/risk-assessment", Json.Raw(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("level", await response.ErrorFieldsAsync());
        var after = await (await fixture.Http.GetAsync($"/cases/{caseNumber}")).BodyAsync();
        Assert.Equal(created["version"]!.GetValue<int>(), after["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_registration_with_sex_as_a_number_is_refused()
    {
        var body = Json.RegistrationBody("ACA");
        body["sex"] = 1;

        var response = await fixture.Http.PostAsync("/cases", body.Content());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("sex", await response.ErrorFieldsAsync());
    }
}
