namespace Coordination.Grains.Interfaces.Cases;

/// <summary>
/// Break-glass access: a supervisor of another office opened the case in an emergency, with a
/// reason, for a limited time. The case's own office sees every grant, current or past.
/// </summary>
/// <param name="GrantedTo">The supervisor who broke the glass (the token's subject).</param>
/// <param name="Office">That supervisor's office.</param>
/// <param name="Reason">Why, as they gave it.</param>
/// <param name="GrantedAt">When.</param>
/// <param name="ExpiresAt">When the access ends.</param>
/// <param name="Active">Whether it had not ended when the case was read.</param>
[GenerateSerializer, Immutable, Alias("Coordination.EmergencyAccessGrant")]
public sealed record EmergencyAccessGrant(
    [property: Id(0)] string GrantedTo,
    [property: Id(1)] string Office,
    [property: Id(2)] string Reason,
    [property: Id(3)] DateTimeOffset GrantedAt,
    [property: Id(4)] DateTimeOffset ExpiresAt,
    [property: Id(5)] bool Active);
