using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

/// <summary>
/// <c>access-log --api URL --api-without-log URL --token T [--rounds 20] [--reads 200]</c>: the cost of the access log
/// on <c>GET /api/cases/{id}</c>. Two instances of the API on the same database, one with the log and one without;
/// rounds of sequential reads alternate between them, so that the machine's drift hits both alike.
/// </summary>
static class AccessLogOverhead
{
    public static async Task<int> Run(string[] args)
    {
        string Get(string name, string? fallback = null) => BenchmarkRun.Option(args, name, fallback);
        var rounds = int.Parse(Get("rounds", "20"));
        var reads = int.Parse(Get("reads", "200"));
        HttpClient Client(string url)
        {
            var http = new HttpClient { BaseAddress = new Uri(url) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Get("token"));
            return http;
        }
        using var withLog = Client(Get("api"));
        using var withoutLog = Client(Get("api-without-log"));

        var body = new StringContent(JsonSerializer.Serialize(new
        {
            clientReference = "B-READS", clientName = "Benchmark client", kind = "family", teamId = "bench",
            checkInMoments = new { intervalMonths = 3 },
        }), Encoding.UTF8, "application/json");
        var opened = await withLog.PostAsync("/api/cases", body);
        var id = JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();

        var samples = new Dictionary<string, List<double>> { ["with the access log"] = [], ["without"] = [] };
        for (var round = -2; round < rounds; round++) // two warm-up rounds, not measured
        foreach (var (name, http) in new[] { ("with the access log", withLog), ("without", withoutLog) })
        for (var i = 0; i < reads; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync($"/api/cases/{id}");
            await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET answered {(int)response.StatusCode}");
            if (round >= 0) samples[name].Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"GET /api/cases/{{id}}, one client, {rounds} alternating rounds of {reads} reads per instance:");
        Console.WriteLine("| instance | n | p50 ms | p95 ms | p99 ms |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, list) in samples)
            Console.WriteLine($"| {name} | {list.Count} | {P(list, 50):0.000} | {P(list, 95):0.000} | {P(list, 99):0.000} |");
        var with = P(samples["with the access log"], 50);
        var without = P(samples["without"], 50);
        Console.WriteLine($"The access log adds {(with - without) * 1000:0} µs to the p50 ({(with / without - 1) * 100:+0.0;-0.0} %).");
        return 0;
    }

    private static double P(List<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Clamp(Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
