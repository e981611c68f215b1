using System.Net.Sockets;
using Npgsql;

namespace Coordination.Api.Problems;

/// <summary>
/// The API's own PostgreSQL work (audit trail, idempotency store, case lists) failing because the
/// database cannot be reached: answered like the silos' storage failures, with a 503 and words
/// that say why.
/// </summary>
internal static class DatabaseFailures
{
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "53400",
        NpgsqlException or SocketException => true,
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };

    /// <summary>Why, in words (for problem details and readiness).</summary>
    public static string Describe(Exception exception) => exception.GetBaseException() switch
    {
        PostgresException { SqlState: "57P01" or "57P02" } => "PostgreSQL is shutting down",
        PostgresException { SqlState: "57P03" } => "PostgreSQL is starting up",
        PostgresException { SqlState: "53300" } => "PostgreSQL has no free connections",
        SocketException socket => $"no connection to PostgreSQL ({socket.SocketErrorCode})",
        TimeoutException => "PostgreSQL did not answer in time",
        _ => "no connection to PostgreSQL",
    };
}
