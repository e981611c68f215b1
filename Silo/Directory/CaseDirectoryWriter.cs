using System.Threading.Channels;
using Coordination.Grains.Directory;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Coordination.Silo.Directory;

/// <summary>
/// Writes case directory entries in batches (one statement for whatever arrived together). A batch
/// that fails is retried with back-off until it lands; its publishers hear of the first failure
/// so they can log it, but nothing is dropped while the silo runs. What a crash loses, the
/// start-up check restores from the cases' stored state.
/// </summary>
public sealed class CaseDirectoryWriter(NpgsqlDataSource database, ILogger<CaseDirectoryWriter> logger) : BackgroundService, ICaseDirectory
{
    private const int MaxBatch = 500;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly Channel<(CaseDirectoryEntry Entry, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(CaseDirectoryEntry, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    public Task PublishAsync(CaseDirectoryEntry entry)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((entry, done)))
        {
            done.SetException(new InvalidOperationException("The case directory writer is stopped."));
        }
        return done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(CaseDirectoryEntry Entry, TaskCompletionSource Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            var backoff = TimeSpan.FromMilliseconds(200);
            while (true)
            {
                try
                {
                    await UpsertAsync(database, batch.Select(b => b.Entry), stoppingToken);
                    batch.ForEach(b => b.Done.TrySetResult());
                    break;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Could not write {Count} case directory entries; retrying in {Backoff}", batch.Count, backoff);
                    batch.ForEach(b => b.Done.TrySetException(e));
                    await Task.Delay(backoff, stoppingToken);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                }
            }
            batch.Clear();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    /// <summary>Inserts or replaces entries, never with an older version than the row holds.</summary>
    public static async Task<int> UpsertAsync(NpgsqlDataSource database, IEnumerable<CaseDirectoryEntry> entries, CancellationToken cancellationToken)
    {
        // Within one batch a case may appear twice; the newest version wins.
        var latest = entries.GroupBy(e => e.CaseNumber).Select(g => g.MaxBy(e => e.Version)!).ToList();
        if (latest.Count == 0)
        {
            return 0;
        }
        await using var command = database.CreateCommand("""
            INSERT INTO case_directory (case_number, office_code, status, version, given_names, family_names, folded_names, nationality,
                                        birth_date, document_number, vulnerabilities, open_referrals, overdue_referrals, registered_at, updated_at)
            SELECT e.case_number, e.office_code, e.status, e.version, e.given_names, e.family_names, e.folded_names, e.nationality,
                   e.birth_date, e.document_number, string_to_array(e.vulnerabilities, ','), e.open_referrals, e.overdue_referrals, e.registered_at, e.updated_at
              FROM unnest(@case_number, @office_code, @status, @version, @given_names, @family_names, @folded_names, @nationality,
                          @birth_date, @document_number, @vulnerabilities, @open_referrals, @overdue_referrals, @registered_at, @updated_at)
                AS e(case_number, office_code, status, version, given_names, family_names, folded_names, nationality,
                     birth_date, document_number, vulnerabilities, open_referrals, overdue_referrals, registered_at, updated_at)
            ON CONFLICT (case_number) DO UPDATE SET
                office_code = excluded.office_code, status = excluded.status, version = excluded.version,
                given_names = excluded.given_names, family_names = excluded.family_names, folded_names = excluded.folded_names,
                nationality = excluded.nationality, birth_date = excluded.birth_date, document_number = excluded.document_number,
                vulnerabilities = excluded.vulnerabilities, open_referrals = excluded.open_referrals,
                overdue_referrals = excluded.overdue_referrals, registered_at = excluded.registered_at, updated_at = excluded.updated_at
             WHERE case_directory.version < excluded.version
            """);
        void Add<T>(string name, NpgsqlDbType type, Func<CaseDirectoryEntry, T> value) =>
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = latest.Select(value).ToArray() });
        Add("case_number", NpgsqlDbType.Text, e => e.CaseNumber);
        Add("office_code", NpgsqlDbType.Text, e => e.OfficeCode);
        Add("status", NpgsqlDbType.Text, e => e.Status.ToString());
        Add("version", NpgsqlDbType.Integer, e => e.Version);
        Add("given_names", NpgsqlDbType.Text, e => e.GivenNames);
        Add("family_names", NpgsqlDbType.Text, e => e.FamilyNames);
        Add("folded_names", NpgsqlDbType.Text, e => e.FoldedNames);
        Add("nationality", NpgsqlDbType.Text, e => e.Nationality);
        Add("birth_date", NpgsqlDbType.Date, e => e.BirthDate);
        Add("document_number", NpgsqlDbType.Text, e => e.DocumentNumber);
        Add("vulnerabilities", NpgsqlDbType.Text, e => string.Join(',', e.Vulnerabilities));
        Add("open_referrals", NpgsqlDbType.Integer, e => e.OpenReferrals);
        Add("overdue_referrals", NpgsqlDbType.Integer, e => e.OverdueReferrals);
        Add("registered_at", NpgsqlDbType.TimestampTz, e => e.RegisteredAt);
        Add("updated_at", NpgsqlDbType.TimestampTz, e => e.UpdatedAt);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
