using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using SamenSterker.Access;
using SamenSterker.Platform;

namespace SamenSterker.Operations;

/// <summary>One piece of work set aside: an event a projection could not apply, or a message that kept failing.</summary>
public sealed record SetAsideItem(
    string Id,
    string Kind,
    string Name,
    Guid? CaseId,
    string? EventType,
    long? Version,
    string Reason,
    DateTimeOffset? At);

public sealed record SetAsideReplay(int Reprojected, int StillSetAside, int MessagesReplayed);

/// <summary>
/// Work the service could not do and set aside, so that everything behind it goes on: events a Marten
/// projection could not apply (Marten's dead letter events, with <c>SkipApplyErrors</c>) and messages that
/// kept failing after their retries (Wolverine's dead letters). Listed, counted for <c>/health</c>, and
/// replayed after a fix by <c>ops/run.sh set-aside [replay]</c>.
/// </summary>
public static partial class SetAside
{
    private const string Wolverine = "wolverine";

    public static async Task<int> Count(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            select (select count(*) from {EventStore.Schema}.mt_doc_deadletterevent)
                 + (select count(*) from {Wolverine}.wolverine_dead_letters where archived_at is null)
            """);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct));
    }

    public static async Task<IReadOnlyList<SetAsideItem>> List(NpgsqlDataSource db, CancellationToken ct)
    {
        var items = new List<SetAsideItem>();
        await using (var events = db.CreateCommand($"""
            select d.id::text, d.data ->> 'projectionName', e.stream_id, e.type, e.version,
                   coalesce(d.data ->> 'exceptionType', '') || ': ' || coalesce(d.data ->> 'exceptionMessage', ''),
                   (d.data ->> 'timestamp')::timestamptz
            from {EventStore.Schema}.mt_doc_deadletterevent d
            left join {EventStore.Schema}.mt_events e on e.seq_id = (d.data ->> 'eventSequence')::bigint
            order by 7
            """))
        await using (var reader = await events.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                items.Add(new SetAsideItem(reader.GetString(0), "event", reader.IsDBNull(1) ? "?" : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));

        await using (var messages = db.CreateCommand($"""
            select id::text, message_type, body, coalesce(exception_type, '') || ': ' || coalesce(exception_message, ''), failed_at
            from {Wolverine}.wolverine_dead_letters where archived_at is null order by failed_at
            """))
        await using (var reader = await messages.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                items.Add(new SetAsideItem(reader.GetString(0), "message", reader.GetString(1), CaseIdIn(reader.GetFieldValue<byte[]>(2)),
                    null, null, reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
        return items;
    }

    /// <summary>
    /// Replays everything set aside: each case whose event a projection could not apply is projected again
    /// from its events (and its dead letter removed once that worked); every set-aside message is marked
    /// replayable, and a running instance delivers it again within seconds (failing again, it returns here).
    /// </summary>
    public static async Task<SetAsideReplay> Replay(IServiceProvider services, TextWriter log, CancellationToken ct)
    {
        var db = services.GetRequiredService<NpgsqlDataSource>();
        var byName = services.GetServices<ICaseReprojection>().ToDictionary(r => r.Projection);
        var items = await List(db, ct);
        int reprojected = 0, failed = 0;
        foreach (var group in items.Where(i => i.Kind == "event").GroupBy(i => (i.Name, i.CaseId)))
        {
            var (projection, caseId) = group.Key;
            if (caseId is not { } id || !byName.TryGetValue(projection, out var reprojection))
            {
                await log.WriteLineAsync($"  {projection}: cannot replay {group.Count()} event(s) of case {caseId?.ToString() ?? "?"} here; rebuild the projection (ops/run.sh projections rebuild)");
                failed++;
                continue;
            }
            try
            {
                await reprojection.Reproject(services, id, ct);
                await using var delete = db.CreateCommand($"delete from {EventStore.Schema}.mt_doc_deadletterevent where id = any($1)");
                delete.Parameters.Add(new NpgsqlParameter { Value = group.Select(i => Guid.Parse(i.Id)).ToArray() });
                await delete.ExecuteNonQueryAsync(ct);
                await log.WriteLineAsync($"  {projection}: case {id} projected again");
                reprojected++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await log.WriteLineAsync($"  {projection}: case {id} still fails ({e.GetType().Name}); it stays set aside");
                failed++;
            }
        }

        await using var replay = db.CreateCommand(
            $"update {Wolverine}.wolverine_dead_letters set replayable = true where archived_at is null and replayable is not true");
        var messages = await replay.ExecuteNonQueryAsync(ct);
        return new SetAsideReplay(reprojected, failed, messages);
    }

    /// <summary>
    /// The case a message is about, when its JSON names one (<c>caseId</c>): for the listing only. The stored body
    /// is Wolverine's envelope (binary headers, then the message as JSON), so the id is looked for, not parsed.
    /// </summary>
    private static Guid? CaseIdIn(byte[] body)
    {
        var match = CaseIdProperty().Match(System.Text.Encoding.Latin1.GetString(body));
        return match.Success && Guid.TryParse(match.Groups[1].Value, out var id) ? id : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"caseId\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex CaseIdProperty();

    /// <summary><c>set-aside</c> lists what was set aside; <c>set-aside replay</c> replays it after a fix.</summary>
    public static async Task<int> RunCommand(IServiceProvider services, string[] args)
    {
        var db = services.GetRequiredService<NpgsqlDataSource>();
        await services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        if (args is ["replay"])
        {
            var result = await Replay(services, Console.Out, CancellationToken.None);
            Console.WriteLine($"Projected {result.Reprojected} case(s) again ({result.StillSetAside} still set aside); "
                              + $"{result.MessagesReplayed} message(s) marked for replay by the running service.");
            return result.StillSetAside == 0 ? 0 : 1;
        }
        if (args.Length > 0)
        {
            Console.Error.WriteLine("usage: set-aside [replay]");
            return 2;
        }

        var items = await List(db, CancellationToken.None);
        if (items.Count == 0) Console.WriteLine("Nothing is set aside.");
        foreach (var i in items)
            Console.WriteLine($"{i.At:yyyy-MM-dd HH:mm:ss} {i.Kind,-7} {i.Name,-40} case {i.CaseId?.ToString() ?? "-",-36} "
                              + (i.EventType is null ? "" : $"{i.EventType} v{i.Version} ") + i.Reason);
        return 0;
    }
}

/// <summary>For <c>/health</c>: Degraded while anything is set aside (the service runs; someone should look).</summary>
public sealed class SetAsideCheck(NpgsqlDataSource db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var count = await SetAside.Count(db, ct);
            return count == 0
                ? HealthCheckResult.Healthy("nothing set aside")
                : HealthCheckResult.Degraded($"{count} item(s) set aside: see ops/run.sh set-aside");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // Liveness does not depend on the database; /health/ready says whether it is reachable.
            return HealthCheckResult.Healthy("set-aside work not checked: database unreachable");
        }
    }
}

/// <summary>For operators (role admin): what was set aside, and replay it after a fix.</summary>
public static class SetAsideEndpoints
{
    public static void MapSetAside(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/set-aside").RequireAuthorization(Policies.Operate).WithTags("Operations");
        admin.MapGet("", async (NpgsqlDataSource db, CancellationToken ct) => TypedResults.Ok(await SetAside.List(db, ct)))
            .WithName("ListSetAside")
            .WithSummary("Work set aside: events a projection could not apply, messages that kept failing (case, reason, when)")
            .Produces<IReadOnlyList<SetAsideItem>>();
        admin.MapPost("/replay", async (IServiceProvider services, CancellationToken ct) =>
                TypedResults.Ok(await SetAside.Replay(services, TextWriter.Null, ct)))
            .WithName("ReplaySetAside")
            .WithSummary("Replay everything set aside (after a fix): cases projected again, messages delivered again")
            .Produces<SetAsideReplay>();
    }
}
