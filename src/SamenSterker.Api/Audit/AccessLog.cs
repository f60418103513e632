using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using SamenSterker.Access;
using SamenSterker.Platform;

namespace SamenSterker.Audit;

/// <summary>One access to client data (NEN 7513): who, in which role and team, what, when, from where, and the outcome.</summary>
public sealed record AccessEntry(
    DateTimeOffset At,
    string UserId,
    string Roles,
    string? Team,
    Guid? CaseId,
    Guid[] CasesShown,
    string Method,
    string Resource,
    string Path,
    int Outcome,
    string? Address,
    string CorrelationId);

/// <summary>
/// The access log: every request to the API that reads or changes client data, also the refused ones,
/// in an append-only table (<c>samensterker.access_log</c>: a trigger refuses UPDATE, DELETE and TRUNCATE,
/// whoever asks). Entries are queued as the response completes and written in batches by
/// <see cref="AccessLogWriter"/>, so a request does not wait for its log line (see docs/audit.md for what
/// that means after a crash).
/// </summary>
public static class AccessLog
{
    public const string Table = EventStore.Schema + ".access_log";

    /// <summary>Queues one entry per request to the API or a page of the web app, with its final status.</summary>
    public static IApplicationBuilder LogEveryAccess(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Path.StartsWithSegments("/api")
            || http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor>() is not null)
        {
            // Queued as the endpoint returns, before the response is complete, so a client that has its answer can rely on
            // the entry being queued (the log's own reader writes the queue first). When the endpoint throws, the
            // status is only final once the exception handler has answered: then when the response completes.
            var queued = false;
            var writer = http.RequestServices.GetRequiredService<AccessLogWriter>();
            http.Response.OnCompleted(() => queued ? Task.CompletedTask : writer.Enqueue(EntryFor(http)).AsTask());
            await next(http);
            queued = true;
            await writer.Enqueue(EntryFor(http));
            return;
        }
        await next(http);
    });

    private const string AttributedKey = "samensterker.access-attributed-to";

    /// <summary>
    /// A request without an account that reaches client data by a secret (an answer link, a calendar feed) is logged under
    /// whom the secret belongs to — "person:{id}" for a client-side person, the user id for a feed — with the case and team.
    /// </summary>
    public static void AttributeAccessTo(this HttpContext http, string who, Guid? caseId, string? team) =>
        http.Items[AttributedKey] = new Attribution(who, caseId, team);

    private sealed record Attribution(string Who, Guid? CaseId, string? Team);

    private const string CaseKey = "samensterker.access-case";

    /// <summary>The case a request concerns when its URL does not name it: the case being opened (NEN 7513: who created it).</summary>
    public static void LogAccessToCase(this HttpContext http, Guid caseId) => http.Items[CaseKey] = caseId;

    /// <summary>The route values that hold a secret: a log shows only their first characters.</summary>
    private static readonly string[] Secrets = ["secret", "feedToken"];

    /// <summary>The path as the logs keep it: a secret in it shortened to its first six characters.</summary>
    public static string LoggedPath(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        foreach (var name in Secrets)
            if (http.Request.RouteValues[name] is string { Length: > 6 } secret)
                path = path.Replace(secret, secret[..6] + "…", StringComparison.Ordinal);
        return path;
    }

    private static AccessEntry EntryFor(HttpContext http)
    {
        var user = http.User;
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText?.TrimEnd('/');
        Guid? caseId = http.Request.RouteValues["id"] is string id && Guid.TryParse(id, out var fromRoute) ? fromRoute
            : Guid.TryParse(http.Request.Query["case"], out var fromQuery) ? fromQuery : null;
        var attributed = http.Items[AttributedKey] as Attribution;
        return new AccessEntry(
            DateTimeOffset.UtcNow,
            attributed?.Who ?? user.UserId(),
            attributed is null ? string.Join(',', user.FindAll("role").Select(c => c.Value)) : "by-secret",
            attributed is null ? user.Team() : attributed.Team,
            attributed?.CaseId ?? caseId ?? http.Items[CaseKey] as Guid?,
            http.CasesShown(),
            http.Request.Method,
            route ?? "(no endpoint)",
            Truncate(LoggedPath(http), 300),
            http.Response.StatusCode,
            http.Connection.RemoteIpAddress?.ToString(),
            Correlation.Id(http));
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    /// <summary>The table and the trigger that keeps it append-only; run at start-up (idempotent).</summary>
    public const string Schema = $"""
        create table if not exists {Table} (
          id bigint generated always as identity primary key,
          at timestamptz not null,
          user_id text not null,
          roles text not null,
          team text,
          case_id uuid,
          cases_shown uuid[] not null default array[]::uuid[],
          method text not null,
          resource text not null,
          path text not null,
          outcome smallint not null,
          address text,
          correlation_id text not null
        );
        create index if not exists access_log_case on {Table} (case_id, at) where case_id is not null;
        create index if not exists access_log_cases_shown on {Table} using gin (cases_shown);
        create index if not exists access_log_user on {Table} (user_id, at);
        create or replace function {EventStore.Schema}.access_log_is_append_only() returns trigger language plpgsql as $$
        begin
          raise exception 'the access log is append-only: % is not allowed', tg_op using errcode = '42501';
        end $$;
        create or replace trigger access_log_no_update_or_delete before update or delete on {Table}
          for each row execute function {EventStore.Schema}.access_log_is_append_only();
        create or replace trigger access_log_no_truncate before truncate on {Table}
          for each statement execute function {EventStore.Schema}.access_log_is_append_only();
        """;
}

/// <summary>
/// Writes queued access entries in batches (one multi-row INSERT per 200 ms at most), off the request path. A database that is away delays the writing, never the requests: entries wait in memory
/// (up to <see cref="Capacity"/>; beyond that, requests wait for room) and are written when it is back.
/// On shutdown, what is queued is written first.
/// </summary>
public sealed class AccessLogWriter(NpgsqlDataSource db, ILogger<AccessLogWriter> logger) : BackgroundService
{
    public const int Capacity = 100_000;
    private const int BatchSize = 2000;
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);
    private readonly Channel<AccessEntry> _queue = Channel.CreateBounded<AccessEntry>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private long _queued, _written;
    private TaskCompletionSource _flushNow = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Entries queued but not yet written (tests wait for zero).</summary>
    public long Pending => Interlocked.Read(ref _queued) - Interlocked.Read(ref _written);

    public ValueTask Enqueue(AccessEntry entry)
    {
        Interlocked.Increment(ref _queued);
        return _queue.Writer.TryWrite(entry) ? ValueTask.CompletedTask : _queue.Writer.WriteAsync(entry);
    }

    /// <summary>
    /// Writes what this instance has queued so far, now (waiting at most <paramref name="timeout"/>): reading the
    /// log shows the reader's own latest requests too.
    /// </summary>
    public async Task FlushAsync(TimeSpan timeout, CancellationToken ct)
    {
        var target = Interlocked.Read(ref _queued);
        var deadline = DateTime.UtcNow + timeout;
        while (Interlocked.Read(ref _written) < target && DateTime.UtcNow < deadline)
        {
            _flushNow.TrySetResult();
            await Task.Delay(5, ct);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AccessEntry>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                // Gather for a moment: one insert per interval rather than one per request keeps the database's
                // work for the log (and the CPU it takes from requests) small.
                await Task.WhenAny(Task.Delay(FlushInterval, stoppingToken), _flushNow.Task);
                stoppingToken.ThrowIfCancellationRequested();
                if (_flushNow.Task.IsCompleted) _flushNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var entry)) batch.Add(entry);
                await WriteWithRetry(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: write what is left below.
        }

        while (_queue.Reader.TryRead(out var entry)) batch.Add(entry);
        if (batch.Count > 0) await WriteWithRetry(batch, CancellationToken.None, attempts: 3);
    }

    private async Task WriteWithRetry(List<AccessEntry> batch, CancellationToken ct, int attempts = int.MaxValue)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Write(batch, ct);
                Interlocked.Add(ref _written, batch.Count);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && attempt < attempts)
            {
                if (attempt == 1) logger.LogWarning("Writing {Count} access log entries failed ({ExceptionType}); retrying until the database answers", batch.Count, e.GetType().Name);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * attempt)), ct);
            }
        }
    }

    private async Task Write(List<AccessEntry> batch, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            insert into {AccessLog.Table} (at, user_id, roles, team, case_id, cases_shown, method, resource, path, outcome, address, correlation_id)
            select e.at, e.user_id, e.roles, e.team, e.case_id,
                   coalesce((select array_agg(x::uuid) from unnest(string_to_array(nullif(e.shown, ''), ',')) x), array[]::uuid[]),
                   e.method, e.resource, e.path, e.outcome, e.address, e.correlation_id
            from unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[],
                        $10::smallint[], $11::text[], $12::text[])
              as e(at, user_id, roles, team, case_id, shown, method, resource, path, outcome, address, correlation_id)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.At).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.UserId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.Roles).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.Team).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.CaseId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => string.Join(',', e.CasesShown)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.Method).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.Resource).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.Path).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => (short)e.Outcome).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.Address).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.CorrelationId).ToArray() });
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Creates the access log table and its append-only trigger; the runtime role may only add to it and read it.</summary>
public sealed class AccessLogSchema : ISchemaPart
{
    public async Task ApplyAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Several instances may start at once: one at a time.
        await using var command = new NpgsqlCommand($"select pg_advisory_xact_lock(7513);\ncreate schema if not exists {EventStore.Schema};\n" + AccessLog.Schema,
            connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public string LimitRuntimeRole(string role) => $"revoke update, delete, truncate on {AccessLog.Table} from {role};";
}

public sealed record AccessLogItem(long Id, DateTimeOffset At, string UserId, string Roles, string? Team, Guid? CaseId, IReadOnlyList<Guid> CasesShown,
    string Method, string Resource, string Path, int Outcome, string? Address, string CorrelationId);

public sealed record AccessLogPage(IReadOnlyList<AccessLogItem> Items, long? Next);

/// <summary>For auditors: who accessed what, filtered by case (also lists that showed it), user and time; paged by id.</summary>
public static class GetAccessLog
{
    public const int MaxLimit = 1000;

    public static void Map(IEndpointRouteBuilder app) => app
        .MapGet("/api/audit/access-log", async (Guid? @case, string? user, DateTimeOffset? from, DateTimeOffset? to, long? after, int? limit,
            NpgsqlDataSource db, AccessLogWriter writer, CancellationToken ct) =>
        {
            // What this instance has queued is written first (other instances' entries follow within 200 ms).
            await writer.FlushAsync(TimeSpan.FromSeconds(2), ct);
            if (limit is < 1 or > MaxLimit) return Problems.Invalid("limit", $"'limit' is between 1 and {MaxLimit}.");
            if (after is < 0) return Problems.Invalid("after", "'after' is an entry id, 0 or more.");
            if (user is { Length: > Validation.IdLength }) return Problems.Invalid("user", $"'user' is at most {Validation.IdLength} characters.");
            if (from > to) return Problems.Invalid("from", "'from' must not be after 'to'.");
            var take = limit ?? 100;

            await using var command = db.CreateCommand($"""
                select id, at, user_id, roles, team, case_id, cases_shown, method, resource, path, outcome, address, correlation_id
                from {AccessLog.Table}
                where id > $1
                  and ($2::uuid is null or case_id = $2 or $2 = any(cases_shown))
                  and ($3::text is null or user_id = $3)
                  and ($4::timestamptz is null or at >= $4)
                  and ($5::timestamptz is null or at < $5)
                order by id limit $6
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = after ?? 0L });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)@case ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)user ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)from ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)to ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = take + 1 });
            var items = new List<AccessLogItem>(take + 1);
            await using (var reader = await command.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                    items.Add(new AccessLogItem(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.GetFieldValue<Guid[]>(6),
                        reader.GetString(7), reader.GetString(8), reader.GetString(9), reader.GetInt16(10), reader.IsDBNull(11) ? null : reader.GetString(11),
                        reader.GetString(12)));
            var page = items.Take(take).ToList();
            return TypedResults.Ok(new AccessLogPage(page, items.Count > take ? page[^1].Id : null));
        })
        .RequireAuthorization(Policies.ReadAccessLog)
        .WithTags("Audit")
        .WithName("GetAccessLog")
        .WithSummary("Who accessed client data: user, role, team, case, resource, when, from where, outcome (reading it is logged too)")
        .Produces<AccessLogPage>();
}
