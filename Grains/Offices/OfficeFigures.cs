using Coordination.Grains.Cases;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Interfaces.Offices;
using Coordination.Grains.Interfaces.Referrals;
using Npgsql;

namespace Coordination.Grains.Offices;

/// <summary>
/// An office's figures as the event log's projections hold them (caseload, registrations,
/// transfers), and its admissions of transfers, decided in PostgreSQL under a lock per office.
/// </summary>
public sealed class OfficeFigures(NpgsqlDataSource database)
{
    private static readonly string[] OpenStatuses =
        [.. Enum.GetValues<CaseStatus>().Where(s => !CaseLifecycle.Terminal.Contains(s)).Select(s => s.ToString())];

    public sealed record Caseload(int OpenCases, int PlacesHeld, IReadOnlyDictionary<CaseStatus, int> ByStatus,
        IReadOnlyList<ReferralInboxItem> Inbound, IReadOnlyList<ReferralInboxItem> Outbound);

    public Task<(int Registered, CaseNumber? LastCaseNumber)> RegistrationsAsync(string officeCode) => StorageFailures.GuardAsync(async () =>
    {
        await using var command = database.CreateCommand("""
            SELECT sum(registered)::int, max(last_case_number COLLATE "C") FROM office_registrations WHERE office_code = $1 HAVING count(*) > 0
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = officeCode });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() && CaseNumber.TryParse(reader.GetString(1), out var last)
            ? (reader.GetInt32(0), (CaseNumber?)last)
            : (0, null);
    });

    public Task<Caseload> CaseloadAsync(string officeCode) => StorageFailures.GuardAsync(async () =>
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT status, sum(cases)::int FROM office_caseload WHERE office_code = $1 GROUP BY status") { Parameters = { new() { Value = officeCode } } },
                new NpgsqlBatchCommand("SELECT count(*) FROM office_admissions WHERE office_code = $1") { Parameters = { new() { Value = officeCode } } },
                new NpgsqlBatchCommand($"SELECT {InboxColumns} FROM referral_board WHERE to_code = $1 AND awaiting_answer AND kind IN ('Transfer', 'Intake') ORDER BY sent_at")
                    { Parameters = { new() { Value = officeCode } } },
                new NpgsqlBatchCommand($"SELECT {InboxColumns} FROM referral_board WHERE from_code = $1 AND awaiting_answer AND kind = 'Transfer' ORDER BY sent_at")
                    { Parameters = { new() { Value = officeCode } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync();
        var byStatus = Enum.GetValues<CaseStatus>().ToDictionary(s => s, _ => 0);
        while (await reader.ReadAsync())
        {
            byStatus[Enum.Parse<CaseStatus>(reader.GetString(0))] = reader.GetInt32(1);
        }
        await reader.NextResultAsync();
        await reader.ReadAsync();
        var held = (int)reader.GetInt64(0);
        await reader.NextResultAsync();
        var inbound = await ReadInboxAsync(reader);
        await reader.NextResultAsync();
        var outbound = await ReadInboxAsync(reader);
        var open = byStatus.Where(s => !CaseLifecycle.Terminal.Contains(s.Key)).Sum(s => s.Value);
        return new Caseload(open, held, byStatus, inbound, outbound);
    });

    /// <summary>
    /// Holds a place for a transfer if the office's open cases and the places it holds leave room.
    /// Admissions of one office are serialised by a transaction lock, so two acceptances never both
    /// take the last place. The case's directory row and the transfer's board row are locked too:
    /// the projections give a place back when they record that the case ended or the transfer
    /// closed, so either they see this place and give it back, or this sees the end and takes none.
    /// While the "cases" projection is rebuilt the caseload is partial, and nothing is admitted.
    /// </summary>
    public Task<TransferAdmission> AdmitAsync(string officeCode, int capacity, string referralId, string caseNumber) => StorageFailures.GuardAsync(async () =>
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtext('office-admission:' || $1))") { Parameters = { new() { Value = officeCode } } },
                new NpgsqlBatchCommand("""
                    WITH subject AS (
                        SELECT coalesce((SELECT status <> ALL($2) FROM case_directory WHERE case_number = $4 FOR UPDATE), false) AS ended
                    ), transfer AS (
                        SELECT coalesce((SELECT NOT awaiting_answer FROM referral_board WHERE referral_id = $3 FOR UPDATE), false) AS closed
                    ), rebuild AS (
                        SELECT EXISTS (SELECT 1 FROM projection_rebuilds r
                                         JOIN event_checkpoints c ON c.subscription = r.projection AND c.partition = r.partition
                                        WHERE r.projection = 'cases' AND (c.tx_id, c.position) < (r.tx_id, r.position)) AS rebuilding
                    ), load AS (
                        SELECT (SELECT coalesce(sum(cases), 0) FROM office_caseload WHERE office_code = $1 AND status = ANY($2))::int AS open,
                               (SELECT count(*) FROM office_admissions WHERE office_code = $1)::int AS held,
                               EXISTS (SELECT 1 FROM office_admissions WHERE referral_id = $3) AS already,
                               (SELECT ended FROM subject) AS ended, (SELECT closed FROM transfer) AS closed, (SELECT rebuilding FROM rebuild) AS rebuilding
                    ), admitted AS (
                        INSERT INTO office_admissions (referral_id, office_code, case_number)
                        SELECT $3, $1, $4 FROM load WHERE NOT already AND NOT ended AND NOT closed AND NOT rebuilding AND open + held < $5
                        RETURNING 1
                    )
                    SELECT open, held, already OR EXISTS (SELECT 1 FROM admitted), ended, closed, rebuilding FROM load
                    """)
                {
                    Parameters = { new() { Value = officeCode }, new() { Value = OpenStatuses }, new() { Value = referralId }, new() { Value = caseNumber }, new() { Value = capacity } },
                },
            },
        };
        int open, held;
        bool admitted, ended, closed, rebuilding;
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            await reader.NextResultAsync();
            await reader.ReadAsync();
            (open, held, admitted, ended, closed, rebuilding) =
                (reader.GetInt32(0), reader.GetInt32(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetBoolean(4), reader.GetBoolean(5));
        }
        await transaction.CommitAsync();
        return (admitted, ended, closed, rebuilding) switch
        {
            (true, _, _, _) => TransferAdmission.Admitted,
            (_, true, _, _) => TransferAdmission.CaseEnded,
            (_, _, true, _) => TransferAdmission.TransferClosed,
            (_, _, _, true) => throw new StorageUnavailableException($"the caseload of {officeCode} is being rebuilt from the event log"),
            _ => throw new OfficeAtCapacityException(officeCode, capacity, open + held),
        };
    });

    public Task ReleaseAsync(string referralId) => StorageFailures.GuardAsync(async () =>
    {
        await using var command = database.CreateCommand("DELETE FROM office_admissions WHERE referral_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = referralId });
        await command.ExecuteNonQueryAsync();
    });

    internal const string InboxColumns = "referral_id, kind, case_number, from_code, status, sent_at, due_at, acknowledged_at, answered_at, overdue";

    internal static async Task<IReadOnlyList<ReferralInboxItem>> ReadInboxAsync(NpgsqlDataReader reader)
    {
        var items = new List<ReferralInboxItem>();
        while (await reader.ReadAsync())
        {
            items.Add(new ReferralInboxItem(
                reader.GetString(0),
                Enum.Parse<ReferralKind>(reader.GetString(1)),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3),
                Enum.Parse<ReferralStatus>(reader.GetString(4)),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetBoolean(9)));
        }
        return items;
    }
}
