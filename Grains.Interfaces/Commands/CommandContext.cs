namespace Coordination.Grains.Interfaces.Commands;

/// <summary>Who asks for a change, and how the change is made safe to retry and to race.</summary>
/// <param name="Actor">The person or service account, as it appears in the history.</param>
/// <param name="Role">The actor's role; some actions (reopen, overrides) need a supervisor.</param>
/// <param name="OperationId">Unique per intended change: repeating it returns the first result and changes nothing.</param>
/// <param name="ExpectedVersion">When given, the command is refused unless the case is still at this version.</param>
/// <param name="Office">The office the actor works for; a case refuses commands from an office that does not have its custody. Null for liaisons and system accounts.</param>
[GenerateSerializer, Immutable, Alias("Coordination.CommandContext")]
public sealed record CommandContext(
    [property: Id(0)] string Actor,
    [property: Id(1)] StaffRole Role,
    [property: Id(2)] string OperationId,
    [property: Id(3)] int? ExpectedVersion = null,
    [property: Id(4)] string? Office = null);
