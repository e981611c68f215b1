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

    /// <summary>
    /// Runs a database call. A failure of the database that retrying can cure (unreachable, shutting
    /// down, out of connections or disk, a deadlock or serialization conflict) becomes
    /// <see cref="StorageUnavailableException"/>, which can cross a grain boundary and is a 503.
    /// Any other refusal is a fault in this program, not an outage: it becomes an
    /// <see cref="InvalidOperationException"/> naming the SQLSTATE, so it is not retried in vain.
    /// </summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc cref="GuardAsync{T}(Func{Task{T}})"/>
    public static async Task GuardAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    private static Exception? Translate(Exception e) => e switch
    {
        StorageUnavailableException => null,
        // First: a server shutting down (57P01) is not "transient" to Npgsql, but is an outage here.
        _ when IsUnavailable(e) => new StorageUnavailableException(Describe(e)),
        PostgresException { IsTransient: true } transient => new StorageUnavailableException(DescribeTransient(transient)),
        PostgresException refused => new InvalidOperationException(
            $"PostgreSQL rejected a statement ({refused.SqlState}): {refused.MessageText}"),
        _ => null,
    };

    private static string DescribeTransient(PostgresException e) => e.SqlState switch
    {
        "40001" => "PostgreSQL could not serialize the change with another one",
        "40P01" => "PostgreSQL broke a deadlock",
        "53100" => "PostgreSQL is out of disk space",
        _ => Describe(e),
    };
}
