using Coordination.Grains.Cases;
using Coordination.Grains.Directory;
using Coordination.Grains.Interfaces.Directory;
using Coordination.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Coordination.Silo.Directory;

/// <summary>
/// Compares the case directory with the state every case grain stored, and repairs rows that are
/// missing, older than their case, or left without a case. Reads the stored state directly, so it
/// needs no grain activations and can run while the cluster serves.
/// </summary>
public sealed class CaseDirectoryRepair(
    NpgsqlDataSource database,
    IOptions<ClusterOptions> cluster,
    IOptions<SystemTextJsonGrainStorageSerializerOptions> serializerOptions,
    ILogger<CaseDirectoryRepair> logger) : ICaseDirectoryRepair
{
    private const int PageSize = 500;

    public async Task<CaseDirectoryCheck> CheckAndRepairAsync(CancellationToken cancellationToken = default)
    {
        var serializer = new SystemTextJsonGrainStorageSerializer(serializerOptions);
        var listed = await ListedVersionsAsync(cancellationToken);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        var stale = new List<CaseDirectoryEntry>();
        var scanned = 0;

        await using (var command = database.CreateCommand("""
            SELECT grainidextensionstring, payloadbinary FROM orleansstorage
             WHERE graintypestring = @stateName AND serviceid = @serviceId AND payloadbinary IS NOT NULL
            """))
        {
            command.Parameters.AddWithValue("stateName", GrainStorage.CaseState);
            command.Parameters.AddWithValue("serviceId", cluster.Value.ServiceId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var caseNumber = reader.GetString(0);
                var state = serializer.Deserialize<CaseState>(new BinaryData(reader.GetFieldValue<byte[]>(1)));
                if (state?.Registration is null)
                {
                    continue;
                }
                scanned++;
                stored.Add(caseNumber);
                if (!listed.TryGetValue(caseNumber, out var version) || version < state.Version)
                {
                    stale.Add(CaseDirectoryEntry.From(caseNumber, state));
                }
            }
        }

        var repaired = 0;
        foreach (var page in stale.Chunk(PageSize))
        {
            repaired += await CaseDirectoryWriter.UpsertAsync(database, page, cancellationToken);
        }
        var orphans = listed.Keys.Where(k => !stored.Contains(k)).ToArray();
        if (orphans.Length > 0)
        {
            await using var delete = database.CreateCommand("DELETE FROM case_directory WHERE case_number = ANY(@orphans)");
            delete.Parameters.AddWithValue("orphans", orphans);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        if (repaired > 0 || orphans.Length > 0)
        {
            logger.LogWarning("Case directory had drifted: {Repaired} entries repaired, {Removed} removed, of {Scanned} cases", repaired, orphans.Length, scanned);
        }
        return new CaseDirectoryCheck(scanned, repaired, orphans.Length);
    }

    private async Task<Dictionary<string, int>> ListedVersionsAsync(CancellationToken cancellationToken)
    {
        var listed = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var command = database.CreateCommand("SELECT case_number, version FROM case_directory");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            listed[reader.GetString(0)] = reader.GetInt32(1);
        }
        return listed;
    }
}
