using System.Net.Sockets;
using Npgsql;

namespace SamenSterker.Platform;

/// <summary>
/// Failures that mean "the database is not there right now" — refused or dropped connections, a server shutting
/// down or starting, too many connections, a pool that waited in vain — as opposed to a bug. They are answered 503
/// with <c>Retry-After</c> (a client can tell them from a bug, and try again), never 500. A rollback that fails
/// because the connection is already gone is one of them too.
/// </summary>
public static class DatabaseAway
{
    public const int RetryAfterSeconds = 5;

    public static bool IsDatabaseAway(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState is "57P01" or "57P02" or "57P03" or "53100" or "53200" or "53300" or "53400" || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        SocketException => true,
        ObjectDisposedException disposed => disposed.ObjectName?.Contains("Npgsql", StringComparison.Ordinal) == true
                                            || disposed.Message.Contains("Npgsql", StringComparison.Ordinal),
        InvalidOperationException io when io.Message.Contains("connection is not open", StringComparison.OrdinalIgnoreCase)
                                          || io.Message.Contains("Connection is not open", StringComparison.Ordinal) => true,
        _ => e.InnerException is { } inner && IsDatabaseAway(inner)
             || e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsDatabaseAway),
    };
}
