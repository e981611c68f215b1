using System.Diagnostics;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Retention;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Coordination.Grains.Retention;

/// <summary>
/// The retention job. Each round finds cases that ended before the cut-off and whose data is not
/// erased yet (from the case directory, by its retention index), and asks each case to erase itself
/// with that cut-off: the case decides on its own state, so a case reopened since the directory
/// was written is left alone. Every erasure is audited as attempted before it starts and again
/// with its outcome, the way the API audits a change.
/// </summary>
public sealed class RetentionGrain(
    NpgsqlDataSource database,
    TimeProvider clock,
    IOptions<RetentionOptions> options,
    ILogger<RetentionGrain> logger) : Grain, IRetentionGrain, IRemindable
{
    public const string Reminder = "retention";
    public const string Actor = "retention-job";
    private static readonly TimeSpan RoundBudget = TimeSpan.FromSeconds(10);

    private RetentionRun? _lastRun;
    private IGrainTimer? _continuation;

    private RetentionOptions Policy => options.Value;

    public async Task EnsureScheduledAsync() =>
        await this.RegisterOrUpdateReminder(Reminder, TimeSpan.FromMinutes(1), Policy.RunEvery);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == Reminder)
        {
            await RunAndContinueAsync();
        }
    }

    public Task<RetentionStatus> GetStatusAsync() => Task.FromResult(new RetentionStatus(Policy.EndedCasesKeptFor, Policy.RunEvery, _lastRun));

    public async Task<RetentionRun> RunAsync()
    {
        var started = clock.GetUtcNow();
        var cutoff = started - Policy.EndedCasesKeptFor;
        var reason = $"retention period ended ({Policy.EndedCasesKeptFor.TotalDays:0} days after the case ended)";
        var tried = new List<string>();
        var (erased, notDue, failed) = (0, 0, 0);
        var watch = Stopwatch.StartNew();
        var more = false;
        while (true)
        {
            var due = await DueAsync(cutoff, tried);
            if (due.Count == 0)
            {
                break;
            }
            if (watch.Elapsed > RoundBudget)
            {
                more = true;
                break;
            }
            tried.AddRange(due);
            await AuditAsync(due.Select(c => (c, 0)).ToList(), "Erase personal data (attempt)", reason);
            var outcomes = new List<(string Case, int Status)>();
            foreach (var caseNumber in due)
            {
                var context = new CommandContext(Actor, StaffRole.Administrator, $"retention:{caseNumber}");
                try
                {
                    var erasure = await GrainFactory.GetGrainByKey<ICaseGrain>(caseNumber).ErasePersonalDataAsync(context, reason, cutoff);
                    if (erasure is null)
                    {
                        notDue++;
                        outcomes.Add((caseNumber, 409));
                    }
                    else
                    {
                        erased++;
                        outcomes.Add((caseNumber, 200));
                    }
                }
                catch (StorageUnavailableException e)
                {
                    failed++;
                    outcomes.Add((caseNumber, 503));
                    logger.LogWarning("Retention could not erase {Case}: {Cause}", caseNumber, e.Cause);
                }
            }
            await AuditAsync(outcomes, "Erase personal data", reason);
        }
        _lastRun = new RetentionRun(started, clock.GetUtcNow(), cutoff, erased, notDue, failed, more);
        if (erased + failed > 0)
        {
            logger.LogInformation("Retention erased {Erased} cases that ended before {Cutoff:yyyy-MM-dd} ({NotDue} not due, {Failed} failed, more due: {More})",
                erased, cutoff, notDue, failed, more);
        }
        return _lastRun;
    }

    /// <summary>A round that ran out of time goes on shortly, outside the reminder's tick.</summary>
    private async Task RunAndContinueAsync()
    {
        var run = await RunAsync();
        _continuation?.Dispose();
        _continuation = run.MoreDue
            ? this.RegisterGrainTimer(RunAndContinueAsync, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan))
            : null;
    }

    private async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset cutoff, IReadOnlyList<string> tried) =>
        await StorageFailures.GuardAsync(async () =>
        {
            await using var command = database.CreateCommand("""
                SELECT case_number FROM case_directory
                 WHERE ended_at < $1 AND ended_at IS NOT NULL AND NOT personal_data_erased AND case_number <> ALL($2)
                 ORDER BY ended_at
                 LIMIT $3
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = cutoff });
            command.Parameters.Add(new NpgsqlParameter { Value = tried.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = Policy.BatchSize });
            var due = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                due.Add(reader.GetString(0));
            }
            return due;
        });

    private async Task AuditAsync(IReadOnlyList<(string Case, int Status)> entries, string action, string purpose) =>
        await StorageFailures.GuardAsync(async () =>
        {
            await using var command = database.CreateCommand("""
                INSERT INTO audit_log (at, actor, role, action, record_type, record_id, purpose, status_code)
                SELECT $1, $2, 'System', $3, 'case', c.record_id, $4, c.status_code FROM unnest($5, $6) AS c(record_id, status_code)
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
            command.Parameters.Add(new NpgsqlParameter { Value = Actor });
            command.Parameters.Add(new NpgsqlParameter { Value = action });
            command.Parameters.Add(new NpgsqlParameter { Value = purpose });
            command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Case).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Status).ToArray() });
            return await command.ExecuteNonQueryAsync();
        });
}
