using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Npgsql;

/// <summary>
/// <c>reads --api URL --db CS --token T --team TEAM [--concurrency 8] [--rounds 3]</c>: the three reads a professional
/// makes most (the case, its trends, its timeline) for every case of one team of a seeded database, through the API
/// (access check, access log and all) and as the same document read by id with plain Npgsql, on the same server.
/// </summary>
public static class ReadsAtScale
{
    public static async Task<int> Run(string[] args)
    {
        string Get(string name, string fallback) => BenchmarkRun.Option(args, name, fallback);
        var (api, cs, token, team) = (Get("api", ""), Get("db", ""), Get("token", ""), Get("team", "noord"));
        var concurrency = int.Parse(Get("concurrency", "8"));
        var rounds = int.Parse(Get("rounds", "3"));

        await using var db = NpgsqlDataSource.Create(cs + ";Maximum Pool Size=" + concurrency * 2);
        var ids = new List<Guid>();
        await using (var query = db.CreateCommand("select id from samensterker.mt_doc_casesummary where team_id = $1"))
        {
            query.Parameters.AddWithValue(team);
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        }
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = new Uri(api) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Console.WriteLine($"Reads: {ids.Count} cases of {team}, {rounds} rounds, {concurrency} clients");

        var reads = new (string Name, Func<Guid, string> Url, string Sql)[]
        {
            ("GET /api/cases/{id}", id => $"/api/cases/{id}", "select data from samensterker.mt_doc_case where id = $1"),
            ("GET …/trends", id => $"/api/cases/{id}/trends", "select data from samensterker.mt_doc_casescores where id = $1"),
            ("GET …/timeline", id => $"/api/cases/{id}/timeline",
                "select data, version, timestamp, user_name from samensterker.mt_events where stream_id = $1 and version > 0 order by version limit 51"),
        };
        Console.WriteLine("| read | path | n | ops/s | p50 ms | p95 ms | p99 ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, url, sql) in reads)
        {
            await Measure(ids.Take(50), 1, concurrency, async id => (await http.GetAsync(url(id))).EnsureSuccessStatusCode()); // warm-up
            var viaApi = await Measure(ids, rounds, concurrency, async id => (await http.GetAsync(url(id))).EnsureSuccessStatusCode());
            var plain = await Measure(ids, rounds, concurrency, async id =>
            {
                await using var command = db.CreateCommand(sql);
                command.Parameters.AddWithValue(id);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync()) _ = reader.GetString(0);
            });
            Console.WriteLine(viaApi.Row(name, "API"));
            Console.WriteLine(plain.Row(name, "plain Npgsql"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | API / plain | | {100 * viaApi.PerSecond / plain.PerSecond:0} % | | | |"));
        }
        return 0;
    }

    private sealed record Measured(int Count, double PerSecond, double P50, double P95, double P99)
    {
        public string Row(string name, string path) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {path} | {Count} | {PerSecond:0} | {P50:0.00} | {P95:0.00} | {P99:0.00} |");
    }

    private static async Task<Measured> Measure(IEnumerable<Guid> ids, int rounds, int concurrency, Func<Guid, Task> read)
    {
        var work = Enumerable.Repeat(ids.ToList(), rounds).SelectMany(x => x).ToList();
        var samples = new List<double>(work.Count);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (id, _) =>
        {
            var start = Stopwatch.GetTimestamp();
            await read(id);
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            lock (samples) samples.Add(ms);
        });
        var elapsed = clock.Elapsed;
        samples.Sort();
        double P(double p) => BenchmarkRun.Percentile(samples, p);
        return new Measured(samples.Count, samples.Count / elapsed.TotalSeconds, P(0.5), P(0.95), P(0.99));
    }
}
