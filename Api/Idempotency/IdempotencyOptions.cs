namespace Coordination.Api.Idempotency;

/// <summary>How long stored answers to keyed requests are kept (<c>Idempotency</c> section).</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>
    /// A stored answer (which may hold personal data) is replayed for this long and then deleted; a
    /// key sent again after that is answered afresh (the actors still know the operation id, so
    /// nothing is done twice). Clients retry within minutes, not days.
    /// </summary>
    public TimeSpan AnswersKeptFor { get; set; } = TimeSpan.FromHours(72);

    /// <summary>How often expired answers are deleted.</summary>
    public TimeSpan PurgeEvery { get; set; } = TimeSpan.FromMinutes(30);
}
