using Coordination.Silo.Schema;
using Coordination.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Coordination.Cluster.Tests;

public sealed class SchemaMigratorTests
{
    [Fact]
    public async Task A_missing_database_is_created_and_given_every_migration_once()
    {
        await using var database = await TestPostgres.CreateAsync("migrate");
        var fresh = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = database.DatabaseName + "_new" }.ConnectionString;
        try
        {
            var first = await SchemaMigrator.ApplyAsync(fresh, NullLogger.Instance);
            var second = await SchemaMigrator.ApplyAsync(fresh, NullLogger.Instance);

            Assert.Equal(SchemaMigrator.Shipped.Select(m => m.Version), first);
            Assert.Empty(second);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var server = new NpgsqlConnection(database.ServerConnectionString);
            await server.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database.DatabaseName}_new\" WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Silos_starting_together_apply_each_migration_exactly_once()
    {
        await using var database = await TestPostgres.CreateAsync("migrateconcurrent");
        await database.ScalarAsync<int>("DROP SCHEMA public CASCADE; CREATE SCHEMA public; SELECT 1");

        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SchemaMigrator.ApplyAsync(database.ConnectionString, NullLogger.Instance)));

        Assert.Equal(SchemaMigrator.Shipped.Count, applied.Sum(a => a.Count));
        Assert.Equal((long)SchemaMigrator.Shipped.Count, await database.ScalarAsync<long>("SELECT count(*) FROM coordination_schema_migrations"));
    }

    [Fact]
    public async Task A_migration_edited_after_it_was_applied_stops_the_start()
    {
        await using var database = await TestPostgres.CreateAsync("migrateedited");
        await database.ScalarAsync<int>("UPDATE coordination_schema_migrations SET checksum = 'edited' WHERE version = 2; SELECT 1");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SchemaMigrator.ApplyAsync(database.ConnectionString, NullLogger.Instance));

        Assert.Contains("Migration 2", error.Message);
    }

    [Fact]
    public async Task Every_query_key_the_providers_require_is_registered()
    {
        await using var database = await TestPostgres.CreateAsync("querykeys");
        string[] required =
        [
            "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "InsertMembershipKey",
            "UpdateMembershipKey", "UpdateIAmAlivetimeKey", "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey", "GatewaysQueryKey",
            "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
            "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
            "DeleteReminderRowKey", "DeleteReminderRowsKey",
        ];

        var registered = await database.ScalarAsync<string[]>("SELECT array_agg(querykey ORDER BY querykey) FROM orleansquery");

        Assert.Equal(required.Order(StringComparer.Ordinal), registered!.Order(StringComparer.Ordinal));
    }
}
