using System.Net.Sockets;
using Coordination.Grains.Interfaces.Errors;
using Npgsql;

namespace Coordination.Grains.EventSourcing;

/// <summary>
/// Tells "PostgreSQL cannot be reached" apart from other database errors, and turns the former
/// into <see cref="StorageUnavailableException"/>, which (unlike the driver's exceptions) can cross
/// a grain boundary and becomes a 503 at the API.
/// </summary>
public static class StorageFailures
{
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        StorageUnavailableException => true,
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "53400",
        NpgsqlException => true,
        TimeoutException or SocketException or IOException => true,
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };

    /// <summary>The cause in words, for problem details and readiness.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        StorageUnavailableException unavailable => unavailable.Cause,
        PostgresException { SqlState: "57P01" or "57P02" } => "PostgreSQL is shutting down",
        PostgresException { SqlState: "57P03" } => "PostgreSQL is starting up",
        PostgresException { SqlState: "53300" } => "PostgreSQL has no free connections",
        PostgresException postgres => $"PostgreSQL refused the connection ({postgres.SqlState})",
        TimeoutException or NpgsqlException { InnerException: TimeoutException } => "PostgreSQL did not answer in time",
        NpgsqlException { InnerException: SocketException socket } => $"no connection to PostgreSQL ({socket.SocketErrorCode})",
        NpgsqlException { InnerException: IOException } => "the connection to PostgreSQL broke",
        NpgsqlException npgsql => $"no connection to PostgreSQL ({npgsql.Message.TrimEnd('.')})",
        _ => "no connection to PostgreSQL",
    };

    /// <summary>Runs a database call; an unreachable database becomes <see cref="StorageUnavailableException"/>.</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not StorageUnavailableException && IsUnavailable(e))
        {
            throw new StorageUnavailableException(Describe(e));
        }
    }

    /// <inheritdoc cref="GuardAsync{T}(Func{Task{T}})"/>
    public static async Task GuardAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (e is not StorageUnavailableException && IsUnavailable(e))
        {
            throw new StorageUnavailableException(Describe(e));
        }
    }
}
