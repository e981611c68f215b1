using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Coordination.Api.Hosting;

/// <summary>Puts worked examples into the OpenAPI document: request bodies of the main operations and every kind of error answer.</summary>
internal sealed class OpenApiExamples : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, string> RequestBodies = new(StringComparer.Ordinal)
    {
        ["RegisterCase"] = """
            { "officeCode": "ACA", "givenNames": "Maria Jose", "familyNames": "Lopez Hernandez", "sex": "Female",
              "birthDate": "1994-03-02", "nationality": "HND", "languages": ["es"],
              "document": { "type": "Passport", "number": "E1234567", "issuingCountry": "HND", "expiresOn": "2031-01-31" },
              "vulnerabilities": ["Pregnant"] }
            """,
        ["RecordCounselling"] = """{ "notes": "Information on return, reintegration support and alternatives, in Spanish" }""",
        ["RecordScreening"] = """{ "eligible": true }""",
        ["RecordRiskAssessment"] = """{ "level": "High", "summary": "Kidnappers know the family's address" }""",
        ["RequestExitClearance"] = """{ "consentGiven": true }""",
        ["RequestTravelDocument"] = """{ "consentGiven": true }""",
        ["ReferForChildProtection"] = """{ "consentGiven": true }""",
        ["ReferForProtection"] = """{ "recipient": "CNDH", "consentGiven": false, "overrideReason": "Immediate danger to life" }""",
        ["RequestTransfer"] = """{ "toOfficeCode": "MEX", "reason": "The flight leaves from Mexico City" }""",
        ["BookTravel"] = """{ "departureDate": "2026-12-10", "carrier": "Aeromexico", "itinerary": "MEX-SAP AM 0123", "destination": "San Pedro Sula" }""",
        ["Withdraw"] = """{ "reason": "Decided to stay with relatives in Chiapas" }""",
        ["PutOnHold"] = """{ "reason": "Medical treatment until 15 December" }""",
        ["Reopen"] = """{ "reason": "The migrant asked again to return" }""",
        ["DeclineReferral"] = """{ "reason": "The identity could not be confirmed" }""",
        ["SendIntake"] = """
            { "officeCode": "ACA", "consentGiven": true, "note": "Estacion migratoria Acayucan",
              "migrant": { "givenNames": "Juan", "familyNames": "Perez", "sex": "Male", "birthDate": "1990-07-01", "nationality": "GTM", "languages": ["es", "mam"] } }
            """,
        ["SetOfficeCapacity"] = """{ "capacity": 180 }""",
    };

    private static readonly Dictionary<string, string> Errors = new(StringComparer.Ordinal)
    {
        ["400"] = """{ "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "title": "The request has invalid fields.", "status": 400, "errors": { "givenNames": ["Given names are required."], "birthDate": ["The birth date 2090-01-01 is in the future (today is 2026-11-26)."] } }""",
        ["403"] = """{ "title": "Not allowed.", "status": 403, "detail": "Your role does not give access to case ACA-2026-000123." }""",
        ["404"] = """{ "title": "Case not found.", "status": 404, "detail": "There is no case 'ACA-2026-000999'." }""",
        ["409"] = """{ "title": "The case is Registered: RecordConsent is not allowed now.", "status": 409, "currentStatus": "Registered", "action": "RecordConsent", "reason": "a Registered case does not allow RecordConsent", "allowedActions": ["RecordCounselling", "RecordRiskAssessment", "Withdraw", "PutOnHold"] }""",
        ["412"] = """{ "title": "The case changed since it was read.", "status": 412, "currentVersion": 8, "currentETag": "\"8\"" }""",
        ["503"] = """{ "title": "The case coordination cluster is not available right now.", "status": 503 }""",
    };

    private const string CaseExample = """
        { "caseNumber": "ACA-2026-000123", "officeCode": "ACA", "status": "Consented", "registeredAt": "2026-11-20T16:05:00+00:00", "version": 5,
          "givenNames": "Maria Jose", "familyNames": "Lopez Hernandez", "sex": "Female", "birthDate": "1994-03-02", "nationality": "HND",
          "languages": ["es"], "document": { "type": "Passport", "number": "E1234567", "issuingCountry": "HND", "expiresOn": "2031-01-31" },
          "vulnerabilities": ["Pregnant"], "statusBeforeHold": null, "holdReason": null, "riskAssessment": null,
          "childProtectionAccepted": false, "travelDocumentReady": true, "travelBooking": null, "referrals": [],
          "possibleDuplicates": [], "allowedActions": ["RequestExitClearance", "RecordRiskAssessment", "ReferForProtection", "RequestTransfer", "Withdraw", "PutOnHold"],
          "personalDataErased": false,
          "emergencyAccess": [{ "caseNumber": "ACA-2026-000123", "grantedTo": "supervisor@TAP", "office": "TAP",
            "reason": "taken to hospital in Tapachula; the doctors need her medical history", "grantedAt": "2026-11-21T09:12:00+00:00",
            "expiresAt": "2026-11-21T10:12:00+00:00", "active": false }] }
        """;

    private const string ReferralExample = """
        { "referralId": "ACA-2026-000123-R01", "kind": "ExitClearance", "caseNumber": "ACA-2026-000123", "from": "ACA", "to": "INM",
          "status": "Acknowledged", "subject": { "givenNames": "Maria Jose", "familyNames": "Lopez Hernandez", "birthDate": "1994-03-02",
          "nationality": "HND", "sex": "Female", "document": { "type": "Passport", "number": "E1234567", "issuingCountry": "HND", "expiresOn": "2031-01-31" },
          "vulnerabilities": [], "languages": [] }, "sentAt": "2026-11-21T10:00:00+00:00", "dueAt": "2026-11-26T10:00:00+00:00",
          "acknowledgedAt": "2026-11-21T12:30:00+00:00", "answeredAt": null, "closedAt": null, "reason": null, "overdue": false,
          "escalations": [], "consentToShare": true, "consentOverriddenBy": null, "note": null }
        """;

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId is { } id && RequestBodies.TryGetValue(id, out var body)
            && operation.RequestBody?.Content?.TryGetValue("application/json", out var request) == true)
        {
            request.Example = JsonNode.Parse(body);
        }
        foreach (var (status, response) in operation.Responses ?? [])
        {
            var success = status is "200" or "201" ? SuccessExample(context) : null;
            if ((success ?? (Errors.TryGetValue(status, out var error) ? error : null)) is { } example && response.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    media.Example = JsonNode.Parse(example);
                }
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Operations that answer a case or a referral show one.</summary>
    private static string? SuccessExample(OpenApiOperationTransformerContext context) =>
        context.Description.SupportedResponseTypes.Select(r => r.Type).FirstOrDefault(t => t is not null) switch
        {
            { Name: "CaseResponse" } => CaseExample,
            { Name: "ReferralResponse" } => ReferralExample,
            _ => null,
        };
}
