using Npgsql;

namespace Coordination.Process.Tests;

/// <summary>
/// A digest of everything the system stores about cases, referrals, offices and authorities: the
/// event log and its streams, the read models fed from it, and the grains' own stored state. Two
/// equal fingerprints mean no fact was added, lost or changed. The audit trail and the stored
/// idempotent answers are left out: refused requests are audited by design.
/// </summary>
public static class StoredDataFingerprint
{
    private static readonly string[] Tables =
    [
        "events", "event_streams", "subject_keys", "stream_snapshots", "event_log_parked", "case_directory", "referral_board",
        "office_caseload", "office_registrations", "office_admissions", "referral_turnaround",
        "ops_case_clock", "ops_referral_clock", "ops_cases", "ops_daily", "ops_nationalities", "ops_referrals", "ops_breaches", "ops_durations",
    ];

    public static async Task<IReadOnlyDictionary<string, string>> TakeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var digests = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in Tables)
        {
            digests[table] = await DigestAsync(connection, $"SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {table} t");
        }
        digests["orleansstorage"] = await DigestAsync(connection,
            "SELECT count(*)::text || ':' || coalesce(md5(string_agg(graintypestring || coalesce(grainidextensionstring, '') || grainidn0 || '/' || grainidn1 || ':' || version || ':' || md5(coalesce(payloadbinary, ''::bytea)), '|' ORDER BY graintypestring, grainidn0, grainidn1, grainidextensionstring)), '') FROM orleansstorage");
        return digests;
    }

    private static async Task<string> DigestAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
