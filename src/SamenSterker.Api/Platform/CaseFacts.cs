using Marten;
using Npgsql;

namespace SamenSterker.Platform;

/// <summary>One fact of a case stream as a page or a read reads it back: the event, who recorded it, when, its version.</summary>
public sealed record CaseFact(object Data, string? By, DateTimeOffset At, long Version);

/// <summary>
/// The facts of some event types of one case stream, in order, in one query: what a capability reads back of its own
/// events (the werkalliantie moments, the steunkring's meetings) without folding the whole stream.
/// </summary>
public static class CaseFacts
{
    public static async Task<IReadOnlyList<CaseFact>> Of(NpgsqlDataSource db, ISerializer serializer, Guid caseId, Type[] eventTypes,
        CancellationToken ct)
    {
        var types = eventTypes.ToDictionary(EventStore.EventTypeName);
        await using var command = db.CreateCommand($"""
            select type, data, user_name, timestamp, version from {EventStore.Schema}.mt_events
            where stream_id = $1 and type = any($2) and is_archived = false order by version
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = caseId });
        command.Parameters.Add(new NpgsqlParameter { Value = types.Keys.ToArray() });
        var facts = new List<CaseFact>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            facts.Add(new CaseFact(serializer.FromJson(types[reader.GetString(0)], reader, 1),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt64(4)));
        return facts;
    }
}
