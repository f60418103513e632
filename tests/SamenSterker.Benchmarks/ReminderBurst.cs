using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;

/// <summary>
/// <c>burst --api-a URL --api-b URL --db CS --token T --cases N --first-on DATE --moment ISO [--kill-pid PID]</c>:
/// the Monday-morning burst. N cases whose check-in falls due in a week are opened through two running instances
/// (half each); the planning subscription plans one reminder each for the same moment (the instances run with
/// <c>Reminders:SendAt</c> at that moment). At the moment both deliver; when half are delivered the instance
/// with <c>--kill-pid</c> is killed (SIGKILL). Reported: how long planning took, when the last reminder was
/// delivered after the moment, and whether every reminder was delivered exactly once.
/// </summary>
public static class ReminderBurst
{
    public static async Task<int> Run(string[] args)
    {
        string Get(string name, string fallback = "") => BenchmarkRun.Option(args, name, fallback);
        var cases = int.Parse(Get("cases", "10000"));
        var moment = DateTimeOffset.Parse(Get("moment"), CultureInfo.InvariantCulture);
        var killPid = int.TryParse(Get("kill-pid"), out var pid) ? pid : (int?)null;
        var apis = new[] { Get("api-a"), Get("api-b") }.Where(a => a.Length > 0).Select(a =>
        {
            var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { BaseAddress = new Uri(a), Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Get("token"));
            return http;
        }).ToArray();
        await using var db = NpgsqlDataSource.Create(Get("db"));

        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, cases, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var body = JsonSerializer.Serialize(new
            {
                clientReference = $"BURST-{i:D6}", clientName = "Burst client", kind = "adult", teamId = "burst",
                openedOn = DateTime.Today.AddDays(-90).ToString("yyyy-MM-dd"),
                checkInMoments = new { intervalMonths = 3, firstOn = Get("first-on") },
            });
            var answer = await apis[i % apis.Length].PostAsync("/api/cases", new StringContent(body, Encoding.UTF8, "application/json"), ct);
            if ((int)answer.StatusCode != 201) throw new InvalidOperationException($"open case: {answer.StatusCode} {await answer.Content.ReadAsStringAsync(ct)}");
        });
        Console.WriteLine($"opened {cases} cases through {apis.Length} instances in {clock.Elapsed.TotalSeconds:0.0} s");

        // Each case gets its reminders planned (the one due this morning and the later ones): count the cases covered.
        var planned = await Until(db, "select count(distinct data->>'caseId') from samensterker.mt_doc_reminderrecord", n => n >= cases, moment.AddSeconds(-2));
        Console.WriteLine($"{planned} reminders planned {clock.Elapsed.TotalSeconds:0.0} s after the first case was opened; the moment is {(moment - DateTimeOffset.UtcNow).TotalSeconds:0} s ahead");
        if (planned < cases) Console.WriteLine("NOT all planned before the moment: give the run more time before the moment");

        const string Delivered = "select count(*) from samensterker.mt_doc_reminderrecord where data->>'status' = 'Sent'";
        if (killPid is { } victim)
        {
            var half = await Until(db, Delivered, n => n >= cases / 2, moment.AddMinutes(5));
            Process.GetProcessById(victim).Kill(entireProcessTree: true);
            Console.WriteLine($"killed instance {victim} (SIGKILL) at {(DateTimeOffset.UtcNow - moment).TotalSeconds:0.0} s after the moment, {half} delivered");
        }
        await Until(db, Delivered, n => n >= cases, moment.AddMinutes(5));

        await using var report = db.CreateCommand("""
            select (select count(*) from samensterker.mt_doc_reminderrecord where data->>'status' = 'Sent'),
                   (select count(*) from samensterker.mt_doc_inboxitem),
                   (select count(distinct data->>'reminderId') from samensterker.mt_doc_inboxitem),
                   (select max((data->>'sentAt')::timestamptz) from samensterker.mt_doc_reminderrecord where data->>'status' = 'Sent'),
                   (select count(*) from samensterker.mt_doc_reminderrecord
                     where data->>'status' <> 'Sent' and (data->>'sendAt')::timestamptz <= now())
            """);
        await using var reader = await report.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (sent, inbox, distinct, last, notSent) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt64(4));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reminder burst: {sent} of {cases} delivered, the last {(last - moment).TotalSeconds:0.0} s after the moment; {inbox} inbox items for {distinct} reminders " +
            $"({(inbox == distinct && sent == cases ? "each exactly once" : "NOT exactly once")}); {notSent} due but not delivered"));
        return sent == cases && inbox == distinct ? 0 : 1;
    }

    private static async Task<long> Until(NpgsqlDataSource db, string sql, Func<long, bool> done, DateTimeOffset deadline)
    {
        while (true)
        {
            await using var command = db.CreateCommand(sql);
            var n = (long)(await command.ExecuteScalarAsync())!;
            if (done(n) || DateTimeOffset.UtcNow > deadline) return n;
            await Task.Delay(200); // another process's progress: polling is all there is
        }
    }
}
