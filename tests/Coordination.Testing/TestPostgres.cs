using Coordination.Silo.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Coordination.Testing;

/// <summary>
/// A fresh database on the test run's PostgreSQL server (started by ./test.sh and named by
/// COORDINATION_TEST_POSTGRES), with the project's schema applied. One per test collection;
/// dropped when the collection is done.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    public const string ServerVariable = "COORDINATION_TEST_POSTGRES";

    private TestPostgres(string serverConnectionString, string databaseName)
    {
        ServerConnectionString = serverConnectionString;
        DatabaseName = databaseName;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = databaseName }.ConnectionString;
    }

    public string ServerConnectionString { get; }
    public string DatabaseName { get; }

    /// <summary>Connection string of this collection's database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a database named after <paramref name="purpose"/> and applies every migration.</summary>
    public static async Task<TestPostgres> CreateAsync(string purpose)
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{ServerVariable} is not set. Run the tests with ./test.sh, which starts a throwaway PostgreSQL and sets it.");
        }
        var name = $"coord_{new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20).ToArray())}_{Guid.NewGuid():N}";
        var database = new TestPostgres(server, name);
        await SchemaMigrator.ApplyAsync(database.ConnectionString, NullLogger.Instance);
        return database;
    }

    /// <summary>Runs a query and returns the first column of the first row.</summary>
    public async Task<T?> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (parameterName, value) in parameters)
        {
            command.Parameters.AddWithValue(parameterName, value);
        }
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)result;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
