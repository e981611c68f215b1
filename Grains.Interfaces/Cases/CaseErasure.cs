namespace Coordination.Grains.Interfaces.Cases;

/// <summary>
/// The personal data of a case was erased: what remains says that it happened, when, by whom and
/// why (the case's office, status history, dates and nationality stay for the figures).
/// </summary>
[GenerateSerializer, Immutable, Alias("Coordination.CaseErasure")]
public sealed record CaseErasure(
    [property: Id(0)] string CaseNumber,
    [property: Id(1)] DateTimeOffset ErasedAt,
    [property: Id(2)] string ErasedBy,
    [property: Id(3)] string Reason);
