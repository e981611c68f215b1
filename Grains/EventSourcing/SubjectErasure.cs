using Npgsql;

namespace Coordination.Grains.EventSourcing;

/// <summary>
/// Removes what identifies a data subject from the places that are not read models of the log, in
/// one transaction: the subject's keys (so every sealed field of its events and snapshots can no
/// longer be opened), the match tags its registration left for duplicate detection, and the API's
/// stored answers that carry its data. Safe to run again: what is gone stays gone.
/// </summary>
public sealed class SubjectErasure(NpgsqlDataSource database, SubjectKeyRing keys, EventLog.EventLogReader log)
{
    /// <param name="streamId">The case whose match tags go.</param>
    /// <param name="keyIds">The subject's keys: the case's, and the intake's it was registered from.</param>
    /// <param name="mentions">Ids whose appearance in a stored answer marks it as carrying the subject's data (the case number, its intake).</param>
    /// <param name="cancellationToken">Stops the erasure before it commits.</param>
    public async Task EraseAsync(string streamId, IReadOnlyList<string> keyIds, IReadOnlyList<string> mentions, CancellationToken cancellationToken = default)
    {
        await StorageFailures.GuardAsync(async () =>
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    Command("DELETE FROM subject_keys WHERE key_id = ANY($1)", keyIds.ToArray()),
                    Command("DELETE FROM event_tags WHERE stream_id = $1", streamId),
                    // Answers are kept as the bytes sent; any that names the case or its intake carries its data.
                    Command("""
                        DELETE FROM api_idempotency
                         WHERE body IS NOT NULL
                           AND EXISTS (SELECT 1 FROM unnest($1::text[]) AS m(id) WHERE position(convert_to(m.id, 'UTF8') IN body) > 0)
                        """, mentions.ToArray()),
                },
            };
            await batch.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        });
        foreach (var keyId in keyIds)
        {
            keys.Forget(keyId);
        }
        // This silo's log reader keeps what it read for a few seconds, decrypted: not these any more
        // (other silos' readers let theirs go within PartitionTails.MaxAge).
        log.ForgetRecentEvents();
    }

    private static NpgsqlBatchCommand Command(string sql, object value) => new(sql) { Parameters = { new NpgsqlParameter { Value = value } } };
}
