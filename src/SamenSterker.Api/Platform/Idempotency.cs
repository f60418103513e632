using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marten;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace SamenSterker.Platform;

/// <summary>The answer a write gave the first time, kept under its <c>Idempotency-Key</c>.</summary>
public sealed record StoredAnswer(string Fingerprint, int Status, string Body, string? ETag, string? Location);

/// <summary>
/// The <c>Idempotency-Key</c> header (IETF draft "The Idempotency-Key HTTP Header Field") on every write to a case:
/// the same key with the same request returns the first answer (status, body, ETag) and appends nothing; the same key
/// with another request is a 422. The key is stored in the same transaction as the events, so a crash between
/// appending and answering loses nothing and doubles nothing, and concurrent retries wait for each other on the
/// key's primary key: one appends, the others answer what it answered. Keys are per user and kept 7 days.
/// </summary>
public static partial class Idempotency
{
    public const string Header = "Idempotency-Key";
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(7);

    public static readonly Table Table = Define();

    private static Table Define()
    {
        var t = new Table($"{EventStore.Schema}.idempotency_keys");
        t.AddColumn("user_id", "text").AsPrimaryKey();
        t.AddColumn("key", "text").AsPrimaryKey();
        t.AddColumn("fingerprint", "text").NotNull();
        t.AddColumn("status", "integer").NotNull();
        t.AddColumn("body", "text").NotNull();
        t.AddColumn("etag", "text");
        t.AddColumn("location", "text");
        t.AddColumn("created_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        return t;
    }

    [GeneratedRegex("^[\\x21-\\x7e]{1,255}$")]
    private static partial Regex SaneKey();

    /// <summary>A write that carries a key: its body must be readable twice (once to bind, once to fingerprint).</summary>
    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Headers.ContainsKey(Header) && !HttpMethods.IsGet(http.Request.Method)) http.Request.EnableBuffering();
        await next(http);
    });

    /// <summary>The key and the request's fingerprint, or null without a key; a problem for a malformed key.</summary>
    public static async Task<(string Key, string Fingerprint)?> Read(HttpContext http, Action<IResult> invalid)
    {
        if (!http.Request.Headers.TryGetValue(Header, out var values)) return null;
        var key = values.ToString().Trim('"');
        if (!SaneKey().IsMatch(key))
        {
            invalid(Problems.Invalid(Header, $"'{Header}' is 1 to 255 visible ASCII characters, e.g. a UUID."));
            return null;
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}\n"));
        if (http.Request.Body.CanSeek)
        {
            http.Request.Body.Position = 0;
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0) hash.AppendData(buffer, 0, read);
            http.Request.Body.Position = 0;
        }
        return (key, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public static async Task<StoredAnswer?> Find(IQuerySession session, string userId, string key, CancellationToken ct)
    {
        var found = await session.QueryAsync<StoredAnswer>(
            $"select jsonb_build_object('fingerprint', fingerprint, 'status', status, 'body', body, 'eTag', etag, 'location', location) "
            + $"from {Table.Identifier.QualifiedName} where user_id = ? and key = ? and created_at > now() - interval '{KeptFor.TotalDays} days'",
            ct, userId, key);
        return found.SingleOrDefault();
    }

    /// <summary>The first answer again, or 422 when the key was used for another request.</summary>
    public static IResult Replay(HttpContext http, StoredAnswer stored, string fingerprint)
    {
        if (stored.Fingerprint != fingerprint)
            return Problems.Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key already used",
                $"This {Header} was used for another request. Use a new key for a new request.");
        if (stored.ETag is not null) http.Response.Headers.ETag = stored.ETag;
        if (stored.Location is not null) http.Response.Headers.Location = stored.Location;
        http.Response.Headers["Idempotent-Replayed"] = "true";
        return Results.Text(stored.Body, "application/json", statusCode: stored.Status);
    }

    /// <summary>Queues the answer into the write's own transaction.</summary>
    public static void Store(IDocumentSession session, string userId, (string Key, string Fingerprint) request, int status, object body,
        JsonSerializerOptions json, string? etag, string? location) =>
        session.QueueSqlCommand(
            $"insert into {Table.Identifier.QualifiedName} (user_id, key, fingerprint, status, body, etag, location) values (?, ?, ?, ?, ?, ?, ?)",
            userId, request.Key, request.Fingerprint, status, JsonSerializer.Serialize(body, json), (object?)etag ?? DBNull.Value,
            (object?)location ?? DBNull.Value);

    public static bool IsKeyTaken(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg && pg.ConstraintName?.Contains("idempotency_keys") == true
        || e.InnerException is { } inner && IsKeyTaken(inner);
}

/// <summary>Forgets keys older than <see cref="Idempotency.KeptFor"/>, hourly.</summary>
public sealed class IdempotencyKeyCleanup(NpgsqlDataSource db, ILogger<IdempotencyKeyCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                await using var command = db.CreateCommand(
                    $"delete from {Idempotency.Table.Identifier.QualifiedName} where created_at < now() - interval '{Idempotency.KeptFor.TotalDays} days'");
                await command.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogInformation("Forgetting old idempotency keys failed ({ExceptionType}); next hour again", e.GetType().Name);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
