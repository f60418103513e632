using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Services;
using Npgsql;

namespace SamenSterker.Platform;

/// <summary>
/// Marten's log, told apart: a write refused by optimistic concurrency (a racing writer, a retried idempotency
/// key, a stream that already exists) is the concurrency control doing its job — the write path answers it
/// (409, 412, or the first answer again) and logs it once at information level with the case and versions;
/// here it is only a debug line. Everything else Marten fails at is an error an operator must see, logged
/// once, with its SQL state but without the SQL text or parameters.
/// </summary>
public sealed class MartenLogging(ILogger<IDocumentStore> logger) : IMartenLogger, IMartenSessionLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    /// <summary>One line that the schema changed; the DDL itself only at debug level (it runs to hundreds of lines).</summary>
    public void SchemaChange(string sql)
    {
        logger.LogInformation("Database schema changed by Marten ({Length} characters of DDL)", sql.Length);
        logger.LogDebug("Marten's DDL: {Ddl}", sql);
    }

    public void LogSuccess(NpgsqlCommand command) { }

    public void LogSuccess(NpgsqlBatch batch) { }

    public void LogFailure(NpgsqlCommand command, Exception ex) => Failed(ex);

    public void LogFailure(NpgsqlBatch batch, Exception ex) => Failed(ex);

    public void LogFailure(Exception ex, string message) => Failed(ex);

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }

    public void OnBeforeExecute(NpgsqlCommand command) { }

    public void OnBeforeExecute(NpgsqlBatch batch) { }

    private void Failed(Exception ex)
    {
        if (IsExpectedConflict(ex))
        {
            logger.LogDebug("A write was refused by optimistic concurrency ({Reason})", Reason(ex));
            return;
        }
        // Transient database trouble (a restart, the pool exhausted) is answered 503 by ErrorHandling and logged there.
        if (DatabaseAway.IsDatabaseAway(ex)) return;
        logger.LogError(ex, "Marten failed: {ExceptionType} {SqlState}", ex.GetType().Name, (ex as PostgresException)?.SqlState);
    }

    public static bool IsExpectedConflict(Exception ex) => ex switch
    {
        ConcurrencyException or JasperFx.Events.ExistingStreamIdCollisionException
            or Marten.Exceptions.ExistingStreamIdCollisionException or EventStreamUnexpectedMaxEventIdException => true,
        PostgresException { SqlState: "MT003" } => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg =>
            pg.ConstraintName is "pk_mt_events_stream_and_version" or "pkey_mt_streams_id" || pg.ConstraintName?.Contains("idempotency_keys") == true,
        _ => ex.InnerException is { } inner && IsExpectedConflict(inner),
    };

    private static string Reason(Exception ex) => ex is PostgresException pg ? $"{pg.SqlState} {pg.ConstraintName}" : ex.GetType().Name;
}
