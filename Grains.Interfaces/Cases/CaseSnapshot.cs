using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Interfaces.Cases;

/// <summary>A registered case as its grain holds it.</summary>
/// <param name="CaseNumber">The case's key, e.g. <c>ACA-2026-000123</c>.</param>
/// <param name="OfficeCode">The office that has custody now (a transfer moves it).</param>
/// <param name="Registration">The migrant's registration data.</param>
/// <param name="Status">Current lifecycle status.</param>
/// <param name="RegisteredAt">When the case was registered.</param>
/// <param name="Version">Increments with every change; the basis for optimistic concurrency.</param>
/// <param name="StatusBeforeHold">While on hold, the status that resuming returns to.</param>
/// <param name="HoldReason">While on hold, why.</param>
/// <param name="RiskAssessment">The latest risk assessment, if one was recorded.</param>
/// <param name="ChildProtectionAccepted">DIF accepted the child protection referral (best-interest determination).</param>
/// <param name="TravelDocumentReady">A valid passport is recorded or the consulate completed a travel document.</param>
/// <param name="TravelBooking">The booked journey, once booked.</param>
/// <param name="Referrals">Every referral of the case with its current status.</param>
/// <param name="PossibleDuplicates">Cases at any office that look like the same person (same document, or same names, birth date and nationality).</param>
/// <param name="AllowedActions">What may be done to the case now.</param>
/// <param name="PersonalDataErased">The case's personal data was erased (on request, or when its retention period ended).</param>
/// <param name="EmergencyAccess">Every break-glass access to the case by a supervisor of another office.</param>
[GenerateSerializer, Immutable, Alias("Coordination.CaseSnapshot")]
public sealed record CaseSnapshot(
    [property: Id(0)] CaseNumber CaseNumber,
    [property: Id(1)] string OfficeCode,
    [property: Id(2)] CaseRegistration Registration,
    [property: Id(3)] CaseStatus Status,
    [property: Id(4)] DateTimeOffset RegisteredAt,
    [property: Id(5)] int Version,
    [property: Id(6)] CaseStatus? StatusBeforeHold,
    [property: Id(7)] string? HoldReason,
    [property: Id(8)] RiskAssessment? RiskAssessment,
    [property: Id(9)] bool ChildProtectionAccepted,
    [property: Id(10)] bool TravelDocumentReady,
    [property: Id(11)] TravelBooking? TravelBooking,
    [property: Id(12)] IReadOnlyList<CaseReferral> Referrals,
    [property: Id(13)] IReadOnlyList<string> PossibleDuplicates,
    [property: Id(14)] IReadOnlyList<CaseAction> AllowedActions,
    [property: Id(15)] bool PersonalDataErased,
    [property: Id(16)] IReadOnlyList<EmergencyAccessGrant> EmergencyAccess);
