using System.Collections.Immutable;
using System.Text.Json;
using Coordination.Grains;
using Coordination.Grains.Cases;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Webhooks;

namespace Coordination.Domain.Tests;

/// <summary>What a webhook body carries of a registration under each scope, and of a case whose personal data was erased.</summary>
public sealed class WebhookPayloadScopeTests
{
    private static readonly CaseRegistration Registration = new("Ximena", "Quispe", Sex.Female, new DateOnly(1990, 1, 1), "HND", ["es"],
        new IdentityDocument(DocumentType.Passport, "P7654321", "HND", null), [VulnerabilityFlag.TraffickingVictim]);

    private static RecordedEvent Registered(bool erased) => new(LogPosition.Start, PureCase.Number, EventStreams.Case.Name, 1, Guid.NewGuid(),
        new CaseRegistered(PureCase.Now, "caseworker@ACA", "ACA", "HND", [VulnerabilityFlag.TraffickingVictim], erased ? null : Registration, ImmutableArray<string>.Empty, null),
        new EventMetadata("op", null, JsonSerializer.SerializeToElement(new CaseSummary("ACA", CaseStatus.Registered, 0, 0), EventJson.Options)),
        PureCase.Now, erased);

    private static string Body(bool erased, bool personal, bool vulnerabilities) =>
        WebhookPayloads.Build(Registered(erased), EventStreams.Case, "CaseRegistered", PureCase.Number, new WebhookScope(personal, vulnerabilities));

    [Fact]
    public void Without_the_grant_neither_names_nor_documents_nor_vulnerabilities_are_sent()
    {
        var body = Body(erased: false, personal: false, vulnerabilities: false);

        Assert.DoesNotContain("Ximena", body, StringComparison.Ordinal);
        Assert.DoesNotContain("P7654321", body, StringComparison.Ordinal);
        Assert.DoesNotContain("TraffickingVictim", body, StringComparison.Ordinal);
        Assert.Contains("\"officeCode\":\"ACA\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_grant_names_are_sent_and_vulnerabilities_only_where_allowed()
    {
        Assert.Contains("Ximena", Body(erased: false, personal: true, vulnerabilities: true), StringComparison.Ordinal);
        Assert.Contains("TraffickingVictim", Body(erased: false, personal: true, vulnerabilities: true), StringComparison.Ordinal);
        var consulate = Body(erased: false, personal: true, vulnerabilities: false);
        Assert.Contains("Ximena", consulate, StringComparison.Ordinal);
        Assert.DoesNotContain("TraffickingVictim", consulate, StringComparison.Ordinal);
    }

    [Fact]
    public void An_erased_case_is_sent_without_its_personal_fields_and_says_so()
    {
        using var body = JsonDocument.Parse(Body(erased: true, personal: true, vulnerabilities: true));
        var data = body.RootElement.GetProperty("data");

        Assert.True(data.GetProperty("personalDataErased").GetBoolean());
        Assert.False(data.GetProperty("personalDataIncluded").GetBoolean());
        Assert.False(data.GetProperty("event").TryGetProperty("registration", out var registration) && registration.ValueKind != JsonValueKind.Null);
        Assert.Equal("HND", data.GetProperty("event").GetProperty("nationality").GetString());
    }
}
