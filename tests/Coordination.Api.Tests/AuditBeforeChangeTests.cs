using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.Interfaces.Commands;
using Npgsql;

namespace Coordination.Api.Tests;

/// <summary>
/// No change is committed without its audit entry: a change is audited as attempted before it is
/// made and again with its outcome. When the outcome's entry cannot be written (PostgreSQL refuses
/// it), the change stands and its attempt's entry is there.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuditBeforeChangeTests(ApiFixture fixture)
{
    private const string Actor = "audit-fault@tests";

    [Fact]
    public async Task A_change_whose_outcome_entry_is_refused_still_has_its_attempt_entry()
    {
        var caseworker = fixture.Api.ClientAs(StaffRole.Caseworker, "ACA", name: Actor, subject: Actor);
        var created = await (await caseworker.PostAsync("/cases", Json.RegistrationBody("ACA").Content())).BodyAsync();
        var caseNumber = created["caseNumber"]!.GetValue<string>();
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await Execute(connection, $"""
            CREATE FUNCTION refuse_outcomes_of_audit_fault() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.actor = '{Actor}' AND NEW.status_code <> 0 THEN RAISE EXCEPTION 'outcome entries of {Actor} refused'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_outcomes_of_audit_fault BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_outcomes_of_audit_fault();
            """);
        HttpResponseMessage counselled;
        try
        {
            counselled = await caseworker.PostAsync($"/cases/{caseNumber}/counselling", new JsonObject { ["notes"] = "first session" }.Content());
        }
        finally
        {
            await Execute(connection, "DROP TRIGGER refuse_outcomes_of_audit_fault ON audit_log; DROP FUNCTION refuse_outcomes_of_audit_fault();");
        }

        var after = await fixture.Http.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}");
        var entries = await fixture.As(StaffRole.Administrator).GetFromJsonAsync<JsonArray>($"/audit?recordId={caseNumber}&actor={Actor}");

        Assert.True((int)counselled.StatusCode >= 500, $"the answer was {(int)counselled.StatusCode}");
        Assert.Equal("Counselled", after!["status"]!.GetValue<string>());
        Assert.Contains(entries!, e => e!["action"]!.GetValue<string>() == "RecordCounselling (attempt)" && e["statusCode"]!.GetValue<int>() == 0);
    }

    [Fact]
    public async Task A_change_is_audited_as_attempted_and_with_its_outcome()
    {
        var caseworker = fixture.As(StaffRole.Caseworker, office: "MEX");
        var caseNumber = (await (await caseworker.PostAsync("/cases", Json.RegistrationBody("MEX").Content())).BodyAsync())["caseNumber"]!.GetValue<string>();
        await caseworker.PostAsync($"/cases/{caseNumber}/hold", new JsonObject { ["reason"] = "medical" }.Content());

        var entries = await fixture.As(StaffRole.Administrator).GetFromJsonAsync<JsonArray>($"/audit?recordId={caseNumber}");

        var actions = entries!.Select(e => (e!["action"]!.GetValue<string>(), e["statusCode"]!.GetValue<int>())).ToList();
        Assert.Contains(("PutOnHold (attempt)", 0), actions);
        Assert.Contains(("PutOnHold", 200), actions);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
