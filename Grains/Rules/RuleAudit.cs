using Coordination.Grains.Interfaces.Rules;
using Npgsql;

namespace Coordination.Grains.Rules;

/// <summary>
/// Writes what rules do to the audit log, as the API does for people: an entry before the action
/// (status 0, "(attempt)") and one with its outcome, both under the rule's actor and name, with the
/// event that caused it as the purpose.
/// </summary>
public sealed class RuleAudit(NpgsqlDataSource database, TimeProvider clock)
{
    /// <summary>The status an attempt's entry carries (its outcome follows in another entry), as in the API's audit.</summary>
    public const int Attempted = 0;

    public Task AttemptAsync(RuleDefinition rule, string caseNumber, RuleTrigger trigger, CancellationToken cancellationToken) =>
        WriteAsync(rule, caseNumber, trigger, $"{rule.Name} (attempt)", Attempted, cancellationToken);

    public Task OutcomeAsync(RuleDefinition rule, string caseNumber, RuleTrigger trigger, RuleResult result, CancellationToken cancellationToken) =>
        WriteAsync(rule, caseNumber, trigger, rule.Name, StatusOf(result.Outcome), cancellationToken);

    /// <summary>HTTP-like statuses, so that one audit query reads people's and rules' entries alike.</summary>
    public static int StatusOf(RuleOutcome outcome) => outcome switch
    {
        RuleOutcome.Fired => 200,
        RuleOutcome.AlreadyDone => 208,
        RuleOutcome.Refused => 409,
        _ => 204,
    };

    private Task WriteAsync(RuleDefinition rule, string caseNumber, RuleTrigger trigger, string action, int status, CancellationToken cancellationToken) =>
        EventSourcing.StorageFailures.GuardAsync(async () =>
        {
            await using var command = database.CreateCommand("""
                INSERT INTO audit_log (at, actor, role, action, record_type, record_id, purpose, status_code, trace_id)
                VALUES ($1, $2, 'automation', $3, 'case', $4, $5, $6, NULL)
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
            command.Parameters.Add(new NpgsqlParameter { Value = rule.Actor });
            command.Parameters.Add(new NpgsqlParameter { Value = action });
            command.Parameters.Add(new NpgsqlParameter { Value = caseNumber });
            command.Parameters.Add(new NpgsqlParameter { Value = $"rule {rule.Id} on {trigger.Event} {trigger.EventId:N}" });
            command.Parameters.Add(new NpgsqlParameter { Value = status });
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        });
}
