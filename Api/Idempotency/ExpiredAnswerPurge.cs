using Microsoft.Extensions.Options;
using Npgsql;

namespace Coordination.Api.Idempotency;

/// <summary>
/// Deletes stored answers older than <see cref="IdempotencyOptions.AnswersKeptFor"/>, a few
/// thousand rows per statement so that no purge holds a long transaction. Every API process runs
/// it; they share the work harmlessly.
/// </summary>
public sealed class ExpiredAnswerPurge(NpgsqlDataSource database, IOptions<IdempotencyOptions> options, ILogger<ExpiredAnswerPurge> logger) : BackgroundService
{
    private const int Batch = 5_000;

    /// <summary>Deletes what has expired now; the number of answers deleted.</summary>
    public async Task<long> PurgeAsync(CancellationToken cancellationToken = default)
    {
        long deleted = 0;
        while (true)
        {
            await using var command = database.CreateCommand("""
                DELETE FROM api_idempotency
                 WHERE ctid IN (SELECT ctid FROM api_idempotency WHERE started_at < now() - $1 LIMIT $2)
                """);
            command.Parameters.AddWithValue(options.Value.AnswersKeptFor);
            command.Parameters.AddWithValue(Batch);
            var rows = await command.ExecuteNonQueryAsync(cancellationToken);
            deleted += rows;
            if (rows < Batch)
            {
                return deleted;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeEvery);
        do
        {
            try
            {
                if (await PurgeAsync(stoppingToken) is > 0 and var deleted)
                {
                    logger.LogInformation("Deleted {Count} stored answers older than {Age}", deleted, options.Value.AnswersKeptFor);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not delete expired stored answers; trying again later");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
