namespace Coordination.Api.Audit;

/// <summary>One audited request: who, when, which record, what, why, and how it ended.</summary>
public sealed record AuditEntry(
    DateTimeOffset At,
    string Actor,
    string Role,
    string Action,
    string RecordType,
    string? RecordId,
    string? Purpose,
    int StatusCode,
    string? TraceId);
