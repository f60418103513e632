using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Npgsql;
using NpgsqlTypes;
using SamenSterker.Platform;

namespace SamenSterker.Audit;

public sealed record HistoryEvent(long Sequence, long Version, DateTimeOffset Timestamp, string Type, JsonElement Data, string? User,
    string? CorrelationId, string? CausationId, string? Link);

/// <summary>
/// What the hash chain says of a case: intact (with the number of events, the last link and whether personal data
/// was erased) or broken (from which version, and why).
/// </summary>
public sealed record HistoryVerdict(
    bool Intact,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] long? Events,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? LastHash,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? PersonalDataErased,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] long? FirstBrokenVersion,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Reason);

public sealed record HistoryPage(Guid CaseId, IReadOnlyList<HistoryEvent> Items, long? Next);

/// <summary>
/// The auditor's replay: every event of a case in order, with its metadata and its chain link — a page as
/// JSON, or the whole history streamed as NDJSON or CSV (row by row from the database, never all in memory);
/// and the check that the history was not altered since it was written.
/// </summary>
public static class CaseHistory
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public const string NdJson = "application/x-ndjson";
    public const string Csv = "text/csv";

    private const string Select = $"""
        select e.seq_id, e.version, e.timestamp, e.type, e.data::text, e.user_name, e.correlation_id, e.causation_id, c.link
        from {EventStore.Schema}.mt_events e
        left join {EventChain.Table} c on c.stream_id = e.stream_id and c.version = e.version
        where e.stream_id = $1 and e.version >= $2
          and ($3::timestamptz is null or e.timestamp >= $3) and ($4::timestamptz is null or e.timestamp < $4)
        order by e.version
        """;

    public static void Map(RouteGroupBuilder cases)
    {
        cases.MapGet("/{id:guid}/history", async (Guid id, DateTimeOffset? from, DateTimeOffset? to, long? fromVersion, int? limit,
                HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
            {
                if (fromVersion is < 1) return Problems.Invalid("fromVersion", "'fromVersion' is a version, 1 or more.");
                if (limit is < 1 or > MaxLimit) return Problems.Invalid("limit", $"'limit' is between 1 and {MaxLimit}.");
                if (from > to) return Problems.Invalid("from", "'from' must not be after 'to'.");

                var accept = http.Request.Headers.Accept.ToString();
                if (accept.Contains(NdJson, StringComparison.OrdinalIgnoreCase) || accept.Contains(Csv, StringComparison.OrdinalIgnoreCase))
                {
                    var csv = !accept.Contains(NdJson, StringComparison.OrdinalIgnoreCase);
                    await using var export = Command(db, id, fromVersion, from, to, limit: null);
                    await Export(http, id, export, csv, ct);
                    return Results.Empty;
                }

                var take = limit ?? DefaultLimit;
                await using var command = Command(db, id, fromVersion, from, to, take + 1);
                var items = new List<HistoryEvent>(take + 1);
                await using (var reader = await command.ExecuteReaderAsync(ct))
                    while (await reader.ReadAsync(ct))
                    {
                        using var data = JsonDocument.Parse(reader.GetString(4));
                        items.Add(new HistoryEvent(reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3),
                            data.RootElement.Clone(), Text(reader, 5), Text(reader, 6), Text(reader, 7), Text(reader, 8)));
                    }
                var page = items.Take(take).ToList();
                return TypedResults.Ok(new HistoryPage(id, page, items.Count > take ? items[take].Version : null));
            })
            .WithName("GetCaseHistory")
            .WithSummary("Every event of the case in order (sequence, version, time, type, data, user, correlation id, chain link); paged, "
                         + "or the whole history as NDJSON (Accept: application/x-ndjson) or CSV (Accept: text/csv)")
            .Produces<HistoryPage>()
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // The two exports of the same 200, chosen by Accept (one schema per media type is all Produces can say).
                var content = operation.Responses!["200"].Content!;
                content[NdJson] = new Microsoft.OpenApi.OpenApiMediaType
                {
                    Schema = new Microsoft.OpenApi.OpenApiSchema
                    {
                        Type = Microsoft.OpenApi.JsonSchemaType.String,
                        Description = "One event per line, each a JSON object like an item of the paged answer; streamed.",
                    },
                };
                content[Csv] = new Microsoft.OpenApi.OpenApiMediaType
                {
                    Schema = new Microsoft.OpenApi.OpenApiSchema
                    {
                        Type = Microsoft.OpenApi.JsonSchemaType.String,
                        Description = "A header row, then one event per row: sequence, version, timestamp, type, data (JSON), user, correlation id, hash, previous hash.",
                    },
                };
                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status404NotFound);

        cases.MapGet("/{id:guid}/history/verify", async (Guid id, NpgsqlDataSource db, CancellationToken ct) =>
            {
                var result = (await EventChain.Verify(db, [id], ct)).Single();
                return TypedResults.Ok(result.Intact
                    ? new HistoryVerdict(true, result.Events, result.LastHash, result.PersonalDataErased, null, null)
                    : new HistoryVerdict(false, null, null, null, result.FirstBrokenVersion, result.Reason));
            })
            .WithName("VerifyCaseHistory")
            .WithSummary("Proves the case's events were not changed, deleted, inserted or moved since they were written (its hash chain)")
            .Produces<HistoryVerdict>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static NpgsqlCommand Command(NpgsqlDataSource db, Guid id, long? fromVersion, DateTimeOffset? from, DateTimeOffset? to, int? limit)
    {
        var command = db.CreateCommand(limit is null ? Select : Select + " limit $5");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = fromVersion ?? 1L });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)from ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)to ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        if (limit is { } l) command.Parameters.Add(new NpgsqlParameter { Value = l });
        return command;
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    /// <summary>A cell that starts with = + - @ (a user id "=HYPERLINK(…)") is written as text, with a ' in front, so a
    /// spreadsheet opening the export does not run it as a formula (OWASP's advice on CSV injection).</summary>
    private static readonly CsvWriterOptions SpreadsheetSafe = new() { Injection = CsvInjection.Escape };

    /// <summary>Streams every row straight from the database reader to the response, flushing as it goes.</summary>
    private static async Task Export(HttpContext http, Guid id, NpgsqlCommand command, bool csv, CancellationToken ct)
    {
        http.Response.ContentType = csv ? Csv + "; charset=utf-8" : NdJson;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"case-{id}-history.{(csv ? "csv" : "ndjson")}\"";
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        var body = http.Response.Body;
        var rows = 0;
        if (csv)
        {
            // CsvHelper writes UTF-8 to the response and flushes whenever its buffer is mostly full.
            await using var writer = CsvWriter.Create(body, SpreadsheetSafe, leaveOpen: true);
            await writer.WriteRecordAsync(["sequence", "version", "timestamp", "type", "user", "correlationId", "causationId", "link", "data"], ct);
            var fields = new string?[9];
            while (await reader.ReadAsync(ct))
            {
                fields[0] = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
                fields[1] = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture);
                fields[2] = reader.GetFieldValue<DateTimeOffset>(2).ToString("O", CultureInfo.InvariantCulture);
                fields[3] = reader.GetString(3);
                fields[8] = reader.GetString(4); // columns are read in order (sequential access); data is the last field
                fields[4] = Text(reader, 5);
                fields[5] = Text(reader, 6);
                fields[6] = Text(reader, 7);
                fields[7] = Text(reader, 8);
                await writer.WriteRecordAsync(fields!, ct);
            }
            await writer.FlushAsync(ct);
            return;
        }

        await using var json = new Utf8JsonWriter(body, new JsonWriterOptions { SkipValidation = false });
        while (await reader.ReadAsync(ct))
        {
            var sequence = reader.GetInt64(0);
            var version = reader.GetInt64(1);
            var timestamp = reader.GetFieldValue<DateTimeOffset>(2);
            var type = reader.GetString(3);
            var data = reader.GetString(4);
            json.WriteStartObject();
            json.WriteNumber("sequence", sequence);
            json.WriteNumber("version", version);
            json.WriteString("timestamp", timestamp);
            json.WriteString("type", type);
            json.WriteString("user", Text(reader, 5));
            json.WriteString("correlationId", Text(reader, 6));
            json.WriteString("causationId", Text(reader, 7));
            json.WriteString("link", Text(reader, 8));
            json.WritePropertyName("data");
            json.WriteRawValue(data, skipInputValidation: true);
            json.WriteEndObject();
            await json.FlushAsync(ct);
            json.Reset();
            await body.WriteAsync("\n"u8.ToArray(), ct);
            if (++rows % 500 == 0) await body.FlushAsync(ct);
        }
    }

    /// <summary><c>audit verify</c>: checks every case's history; exit 1 when any is broken (for a nightly job).</summary>
    public static async Task<int> RunVerifyCommand(IServiceProvider services)
    {
        var db = services.GetRequiredService<NpgsqlDataSource>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = await EventChain.Verify(db, null, CancellationToken.None);
        var broken = results.Where(r => !r.Intact).ToList();
        foreach (var r in broken) Console.WriteLine($"BROKEN case {r.CaseId} at version {r.FirstBrokenVersion}: {r.Reason}");
        Console.WriteLine($"{results.Count} case(s), {results.Sum(r => r.Events)} event(s) checked in {clock.Elapsed.TotalSeconds:0.0} s: "
                          + (broken.Count == 0 ? "every history intact." : $"{broken.Count} broken."));
        return broken.Count == 0 ? 0 : 1;
    }
}
