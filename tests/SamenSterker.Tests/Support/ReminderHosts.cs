using System.Net;
using System.Net.Sockets;
using System.Text;
using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SamenSterker.Access;
using SamenSterker.Platform;
using SamenSterker.Reminders;

namespace SamenSterker.Tests.Support;

/// <summary>
/// Hosts for the reminder tests: the real clock (Wolverine schedules by it), every day a working day
/// (so the day of the week does not matter), their own database (their scheduled messages must not
/// reach the other tests' host), Wolverine balancing between nodes.
/// </summary>
public static class ReminderHosts
{
    public static string ConnectionString =>
        new NpgsqlConnectionStringBuilder(AppFixture.ConnectionString) { Database = "samensterker_test_reminders" }.ConnectionString;

    private static readonly SemaphoreSlim Created = new(1, 1);
    private static bool _created;

    public static async Task<IAlbaHost> Start(Dictionary<string, string?>? settings = null, Action<IWebHostBuilder>? configure = null)
    {
        await EnsureDatabase();
        return await AlbaHost.For<Program>(b =>
        {
            AppFixture.UseTestSettings(b, ConnectionString);
            b.UseSetting("Serilog:MinimumLevel:Default", Environment.GetEnvironmentVariable("SAMENSTERKER_TEST_LOG_LEVEL") ?? "Warning");
            b.UseSetting("Projections:Daemon", "HotCold");
            b.UseSetting("Wolverine:Durability", "Balanced");
            b.UseSetting("Wolverine:ScheduledJobPollingSeconds", "1");
            for (var day = 0; day < 7; day++) b.UseSetting($"Reminders:WorkingDays:{day}", ((DayOfWeek)day).ToString());
            // No public holidays in these tests (the configured list would move today's reminders).
            for (var i = 0; i < 64; i++) b.UseSetting($"Reminders:PublicHolidays:{i}", "1999-01-01");
            foreach (var (key, value) in settings ?? []) b.UseSetting(key, value);
            configure?.Invoke(b);
        });
    }

    private static async Task EnsureDatabase()
    {
        await Created.WaitAsync();
        try
        {
            if (_created) return;
            await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = 'samensterker_test_reminders'", connection);
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = new NpgsqlCommand("create database samensterker_test_reminders", connection);
                await create.ExecuteNonQueryAsync();
            }
            _created = true;
        }
        finally
        {
            Created.Release();
        }
    }

    /// <summary>Today in Amsterdam, by the real clock.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, AmsterdamCalendar.Zone).DateTime);

    public static string Token(string user, string role = Roles.Professional, string team = "noord", string? email = null) =>
        DevTokens.Create(new AuthOptions { SigningKey = AppFixture.SigningKey }, user, role, team, null, TimeSpan.FromHours(1), email);

    /// <summary>A unique professional per test, so inboxes do not mix.</summary>
    public static string NewUser(string prefix = "p") => $"{prefix}-{Guid.NewGuid():N}"[..14];

    public static async Task<Guid> OpenCase(this IAlbaHost host, string casusregie, DateOnly firstOn, string team = "noord", DateOnly? openedOn = null)
    {
        var result = await host.Scenario(s =>
        {
            s.WithBearerToken(Token(casusregie, team: team));
            s.Post.Json(new
            {
                clientReference = $"R-{Guid.NewGuid():N}"[..12], clientName = "Fam. Verborgen", kind = "family", teamId = team, casusregie,
                openedOn = (openedOn ?? Today.AddDays(-60)).ToString("yyyy-MM-dd"),
                checkInMoments = new { intervalMonths = 3, firstOn = firstOn.ToString("yyyy-MM-dd") },
            }, JsonStyle.MinimalApi).ToUrl("/api/cases");
            s.StatusCodeShouldBe(201);
        });
        return result.Json().GetProperty("id").GetGuid();
    }

    public static async Task<List<ReminderRecord>> Reminders(this IAlbaHost host, Guid caseId)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Query<ReminderRecord>().Where(r => r.CaseId == caseId).ToListAsync()).ToList();
    }

    public static async Task<List<InboxItem>> Inbox(this IAlbaHost host, string user)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Query<InboxItem>().Where(i => i.UserId == user).ToListAsync()).ToList();
    }
}

/// <summary>A minimal SMTP receiver on loopback, inside the test: it records every message it is handed.</summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SmtpReceiver()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public System.Collections.Concurrent.ConcurrentQueue<(string From, List<string> To, string Data)> Messages { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 localhost test SMTP");
        string from = "";
        var to = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
            switch (command)
            {
                case "EHLO" or "HELO": await writer.WriteLineAsync("250 localhost"); break;
                case "MAIL": from = line[10..].Trim(); await writer.WriteLineAsync("250 OK"); break;
                case "RCPT": to.Add(line[8..].Trim()); await writer.WriteLineAsync("250 OK"); break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".") data.AppendLine(dataLine);
                    Messages.Enqueue((from, to.ToList(), data.ToString()));
                    to.Clear();
                    await writer.WriteLineAsync("250 OK queued");
                    break;
                case "QUIT": await writer.WriteLineAsync("221 Bye"); return;
                default: await writer.WriteLineAsync("250 OK"); break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
    }
}
