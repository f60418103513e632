// A bounded load run on loopback: the same work through the Samen Sterker API and as hand-written
// plain SQL on the same PostgreSQL server. Run it with ops/bench.sh, which starts both.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;

if (args is ["access-log", ..]) return await AccessLogOverhead.Run(args);
if (args is ["reads", ..]) return await ReadsAtScale.Run(args);
if (args is ["burst", ..]) return await ReminderBurst.Run(args);

var options = Args.Parse(args);
var questions = new[] { "omgang", "luisteren", "contact", "gezinsplan", "afspraken" };
var today = DateTime.Today.ToString("yyyy-MM-dd");
var results = new List<Result>();

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency * 2 })
{
    BaseAddress = new Uri(options.Api),
    Timeout = TimeSpan.FromSeconds(30),
};
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);

Console.WriteLine($"Samen Sterker benchmark: {options.Cases} cases, {options.Concurrency} concurrent clients, API {options.Api}");

// Warm-up (not measured): JIT, connection pools, query plans.
await RunApi(Math.Min(30, options.Cases), record: null);
var api = new Dictionary<string, List<double>> { ["open case"] = [], ["record check-in"] = [], ["get case"] = [] };
var apiTime = await RunApi(options.Cases, api);
foreach (var (op, samples) in api) results.Add(Result.Of(options.Rate > 0 ? $"API at {options.Rate * 3:0} ops/s" : "API", op, samples, apiTime));
if (options.ApiOnly)
{
    Console.WriteLine();
    Console.WriteLine("| path | operation | n | throughput (ops/s, all three ops) | p50 ms | p95 ms | p99 ms |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    foreach (var r in results) Console.WriteLine(r);
    return 0;
}

// How long until the async projections (timeline, trends, lists, analytics) have caught up.
if (options.Projections)
{
    var lag = await ProjectionLag(options.Db);
    Console.WriteLine($"Async projections caught up {lag.TotalMilliseconds:0} ms after the last write.");
}
else Console.WriteLine("Async projections off for this run (the write path alone).");

await using var db = NpgsqlDataSource.Create(options.Db + ";Maximum Pool Size=" + (options.Concurrency * 2));
await PlainSchema(db);
await RunPlain(Math.Min(30, options.Cases), record: null);
var plain = new Dictionary<string, List<double>> { ["open case"] = [], ["record check-in"] = [], ["get case"] = [] };
var plainTime = await RunPlain(options.Cases, plain);
foreach (var (op, samples) in plain) results.Add(Result.Of("plain SQL", op, samples, plainTime));

Console.WriteLine();
Console.WriteLine("| path | operation | n | throughput (ops/s, all three ops) | p50 ms | p95 ms | p99 ms |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var r in results) Console.WriteLine(r);
return 0;

async Task<TimeSpan> RunApi(int cases, Dictionary<string, List<double>>? record)
{
    var clock = Stopwatch.StartNew();
    var paced = record is not null && options.Rate > 0;
    await Parallel.ForEachAsync(Enumerable.Range(0, cases), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, ct) =>
    {
        // Open loop at a fixed rate (--rate cases/s): case i starts at i / rate, whatever the answers before it took.
        if (paced && TimeSpan.FromSeconds(i / options.Rate) - clock.Elapsed is { TotalMilliseconds: > 0 } wait) await Task.Delay(wait, ct);
        var open = Json(new
        {
            // A new case: its first check-in is due in three months, so its reminders are planned, not sent.
            clientReference = $"B-{Guid.NewGuid():N}"[..20], clientName = "Benchmark client", kind = "family", teamId = "bench",
            checkInMoments = new { intervalMonths = 3, onNewFamilyPlan = true },
        });
        var (opened, t1) = await Timed(() => http.PostAsync("/api/cases", open, ct));
        var id = JsonDocument.Parse(await opened.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("id").GetString();
        var checkIn = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{id}/check-ins") { Content = Json(CheckInBody()) };
        checkIn.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var (recorded, t2) = await Timed(() => http.SendAsync(checkIn, ct));
        var (read, t3) = await Timed(() => http.GetAsync($"/api/cases/{id}", ct));
        if ((int)opened.StatusCode != 201 || (int)recorded.StatusCode != 201 || (int)read.StatusCode != 200)
            throw new InvalidOperationException($"unexpected answer: {opened.StatusCode} {recorded.StatusCode} {read.StatusCode}");
        Record(record, t1, t2, t3);
    });
    return clock.Elapsed;
}

object CheckInBody() => new
{
    checkInId = Guid.NewGuid(), heldOn = today, form = "line",
    respondents = new object[]
    {
        new { respondentId = "r1", side = "client", role = "parent", label = "moeder" },
        new { respondentId = "r2", side = "client", role = "child", label = "kind", form = "smiley" },
        new { respondentId = "pro", side = "professional", role = "professional" },
    },
    scores = questions.SelectMany(q => new object[]
    {
        new { respondentId = "r1", question = q, value = 7.5, mostSatisfied = "Ze luistert", leastSatisfied = "Soms laat" },
        new { respondentId = "r2", question = q, smiley = 4 },
        new { respondentId = "pro", question = q, value = 6.5 },
    }).ToArray(),
    reviews = Array.Empty<object>(),
    agreement = new { what = "Elke week bellen", who = "moeder", byWhen = DateTime.Today.AddDays(30).ToString("yyyy-MM-dd"), howWeKnow = "Moeder zegt het" },
};

async Task<TimeSpan> RunPlain(int cases, Dictionary<string, List<double>>? record)
{
    var clock = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, cases), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, ct) =>
    {
        var id = Guid.CreateVersion7();
        var (_, t1) = await Timed(async () =>
        {
            await using var cmd = db.CreateCommand("""
                insert into bench_plain.cases (id, client_reference, client_name, kind, team_id, casusregie, opened_on, interval_months, version)
                values ($1, $2, 'Benchmark client', 'family', 'bench', 'p-bench', '2026-01-05', 3, 1)
                """);
            cmd.Parameters.AddWithValue(id);
            cmd.Parameters.AddWithValue($"B-{id:N}"[..20]);
            return await cmd.ExecuteNonQueryAsync(ct);
        });
        var (_, t2) = await Timed(async () =>
        {
            // One transaction: the check-in, its 15 scores, the agreement, and the case version
            // bumped only if nobody changed it meanwhile (the same optimistic check the API makes).
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            var checkInId = Guid.NewGuid();
            await using var batch = new NpgsqlBatch(connection, tx);
            var held = new NpgsqlBatchCommand("insert into bench_plain.check_ins (id, case_id, held_on, form) values ($1, $2, '2026-03-10', 'line')");
            held.Parameters.AddWithValue(checkInId);
            held.Parameters.AddWithValue(id);
            var scores = new NpgsqlBatchCommand("""
                insert into bench_plain.scores (check_in_id, respondent_id, question, side, form, value, smiley, most_satisfied, least_satisfied)
                select $1, r, q, s, f, v, sm, ms, ls from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::int[], $8::text[], $9::text[])
                  as t(r, q, s, f, v, sm, ms, ls)
                """);
            var rows = questions.SelectMany(q => new[]
            {
                ("r1", q, "client", "line", 7.5m, (int?)null, "Ze luistert", "Soms laat"),
                ("r2", q, "client", "smiley", 7.5m, (int?)4, (string?)null, (string?)null),
                ("pro", q, "professional", "line", 6.5m, (int?)null, null, null),
            }).ToList();
            scores.Parameters.AddWithValue(checkInId);
            scores.Parameters.AddWithValue(rows.Select(r => r.Item1).ToArray());
            scores.Parameters.AddWithValue(rows.Select(r => r.Item2).ToArray());
            scores.Parameters.AddWithValue(rows.Select(r => r.Item3).ToArray());
            scores.Parameters.AddWithValue(rows.Select(r => r.Item4).ToArray());
            scores.Parameters.AddWithValue(rows.Select(r => r.Item5).ToArray());
            scores.Parameters.AddWithValue(rows.Select(r => r.Item6).ToArray());
            scores.Parameters.AddWithValue(rows.Select(r => r.Item7).ToArray());
            scores.Parameters.AddWithValue(rows.Select(r => r.Item8).ToArray());
            var agreement = new NpgsqlBatchCommand("""
                insert into bench_plain.agreements (id, case_id, check_in_id, what, who, by_when, how_we_know, made_on)
                values ($1, $2, $3, 'Elke week bellen', 'moeder', '2026-04-30', 'Moeder zegt het', '2026-03-10')
                """);
            agreement.Parameters.AddWithValue(Guid.NewGuid());
            agreement.Parameters.AddWithValue(id);
            agreement.Parameters.AddWithValue(checkInId);
            var version = new NpgsqlBatchCommand("update bench_plain.cases set version = version + 17, last_check_in_on = '2026-03-10' where id = $1 and version = 1");
            version.Parameters.AddWithValue(id);
            batch.BatchCommands.Add(held);
            batch.BatchCommands.Add(scores);
            batch.BatchCommands.Add(agreement);
            batch.BatchCommands.Add(version);
            await batch.ExecuteNonQueryAsync(ct);
            if (version.RecordsAffected != 1) throw new InvalidOperationException("version conflict");
            await tx.CommitAsync(ct);
            return 0;
        });
        var (_, t3) = await Timed(async () =>
        {
            await using var batch = db.CreateBatch();
            var c = new NpgsqlBatchCommand("select id, client_reference, client_name, kind, team_id, casusregie, opened_on, interval_months, last_check_in_on, version from bench_plain.cases where id = $1");
            c.Parameters.AddWithValue(id);
            var a = new NpgsqlBatchCommand("select id, what, who, by_when, how_we_know, made_on from bench_plain.agreements where case_id = $1 and outcome is null");
            a.Parameters.AddWithValue(id);
            batch.BatchCommands.Add(c);
            batch.BatchCommands.Add(a);
            await using var reader = await batch.ExecuteReaderAsync(ct);
            do { while (await reader.ReadAsync(ct)) { } } while (await reader.NextResultAsync(ct));
            return 0;
        });
        Record(record, t1, t2, t3);
    });
    return clock.Elapsed;
}

static async Task PlainSchema(NpgsqlDataSource db)
{
    await using var cmd = db.CreateCommand("""
        drop schema if exists bench_plain cascade;
        create schema bench_plain;
        create table bench_plain.cases (id uuid primary key, client_reference text not null, client_name text not null, kind text not null,
          team_id text not null, casusregie text not null, opened_on date not null, interval_months int not null, last_check_in_on date,
          version int not null);
        create table bench_plain.check_ins (id uuid primary key, case_id uuid not null references bench_plain.cases, held_on date not null, form text not null);
        create table bench_plain.scores (check_in_id uuid not null references bench_plain.check_ins, respondent_id text not null, question text not null,
          side text not null, form text not null, value numeric(3,1) not null, smiley int, most_satisfied text, least_satisfied text,
          primary key (check_in_id, respondent_id, question));
        create table bench_plain.agreements (id uuid primary key, case_id uuid not null references bench_plain.cases, check_in_id uuid not null,
          what text not null, who text not null, by_when date not null, how_we_know text not null, made_on date not null, outcome text);
        create index on bench_plain.agreements (case_id);
        create index on bench_plain.check_ins (case_id);
        """);
    await cmd.ExecuteNonQueryAsync();
}

static async Task<TimeSpan> ProjectionLag(string cs)
{
    var clock = Stopwatch.StartNew();
    await using var connection = new NpgsqlConnection(cs);
    await connection.OpenAsync();
    while (clock.Elapsed < TimeSpan.FromMinutes(2))
    {
        await using var cmd = new NpgsqlCommand("""
            select (select coalesce(max(seq_id), 0) from samensterker.mt_events)
                 - coalesce((select min(last_seq_id) from samensterker.mt_event_progression where name <> 'HighWaterMark'), 0)
            """, connection);
        if ((long)(await cmd.ExecuteScalarAsync())! <= 0) return clock.Elapsed;
        await Task.Delay(20); // polling another process's progress: nothing to await
    }
    throw new TimeoutException("the async projections did not catch up within two minutes");
}

static void Record(Dictionary<string, List<double>>? record, double open, double checkIn, double get)
{
    if (record is null) return; // warm-up
    lock (record)
    {
        record["open case"].Add(open);
        record["record check-in"].Add(checkIn);
        record["get case"].Add(get);
    }
}

static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

static async Task<(T, double)> Timed<T>(Func<Task<T>> action)
{
    var start = Stopwatch.GetTimestamp();
    var result = await action();
    return (result, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
}

sealed record Result(string Path, string Operation, int Count, double Throughput, double P50, double P95, double P99)
{
    public static Result Of(string path, string op, List<double> samples, TimeSpan total)
    {
        samples.Sort();
        double P(double p) => BenchmarkRun.Percentile(samples, p);
        return new Result(path, op, samples.Count, samples.Count * 3 / total.TotalSeconds, P(0.50), P(0.95), P(0.99));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"| {Path} | {Operation} | {Count} | {Throughput:0} | {P50:0.00} | {P95:0.00} | {P99:0.00} |");
}

sealed record Args(string Api, string Db, string Token, int Cases, int Concurrency, bool Projections, double Rate, bool ApiOnly)
{
    public static Args Parse(string[] args)
    {
        string Get(string name, string? fallback = null) => BenchmarkRun.Option(args, name, fallback);
        return new Args(Get("api"), Get("db"), Get("token"), int.Parse(Get("cases", "400")), int.Parse(Get("concurrency", "8")),
            Get("projections", "on") == "on", double.Parse(Get("rate", "0"), CultureInfo.InvariantCulture), args.Contains("--api-only"));
    }
}
