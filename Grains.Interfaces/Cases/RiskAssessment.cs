namespace Coordination.Grains.Interfaces.Cases;

/// <summary>How much danger a return or a stay poses to the migrant.</summary>
public enum RiskLevel
{
    Low = 0,
    Medium = 1,
    High = 2,
}

/// <summary>A recorded risk assessment; required before consent for victims of trafficking or kidnapping.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.RiskAssessment")]
public sealed record RiskAssessment(
    [property: Id(0)] RiskLevel Level,
    [property: Id(1)] string Summary,
    [property: Id(2)] DateTimeOffset AssessedAt,
    [property: Id(3)] string AssessedBy);
