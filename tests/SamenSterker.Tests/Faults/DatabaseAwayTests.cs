using System.Net;
using System.Net.Sockets;
using Alba;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SamenSterker.Tests.Support;
using Serilog.Events;
using Shouldly;

namespace SamenSterker.Tests.Faults;

/// <summary>
/// The database goes away (a restart, a network cut): every request that needs it answers 503 with Retry-After,
/// never 500, nothing is half-written, /health/ready says not ready; when it is back, the service is too.
/// The outage is a TCP relay inside the test between the service and the real PostgreSQL, cut and restored.
/// </summary>
public sealed class DatabaseAwayTests
{
    [Fact]
    public async Task while_the_database_is_away_requests_answer_503_with_retry_after_and_afterwards_everything_works()
    {
        var target = await OwnDatabase();
        await using var relay = new TcpRelay(target.Host!, target.Port);
        var viaRelay = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Host = "127.0.0.1", Port = relay.Port, Timeout = 3 }.ConnectionString;
        var logs = new CapturedLogs();
        await using var host = await AlbaHost.For<Program>(b =>
        {
            AppFixture.UseTestSettings(b, viaRelay);
            b.UseSetting("Projections:Daemon", "Disabled");
            b.UseSetting("Reminders:Enabled", "false");
            b.UseSetting("Wolverine:Durability", "Solo");
            b.ConfigureServices(s => s.AddSingleton<Serilog.Core.ILogEventSink>(logs));
        });
        var caseId = await host.OpenCase();

        relay.Cut();
        var write = await host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name = "Oma", relation = "family" });
        var read = await host.Send(HttpMethod.Get, $"/api/cases/{caseId}");
        var ready = await host.Send(HttpMethod.Get, "/health/ready", token: "");

        foreach (var answer in new[] { write, read })
        {
            answer.Context.Response.StatusCode.ShouldBe(503, answer.ReadAsText());
            answer.Context.Response.Headers.RetryAfter.ToString().ShouldBe("5");
            answer.Context.Response.ContentType!.ShouldStartWith("application/problem+json");
        }
        ready.Context.Response.StatusCode.ShouldBe(503);

        relay.Restore();
        var back = await Wait.Until(() => host.Send(HttpMethod.Get, $"/api/cases/{caseId}"), r => r.Context.Response.StatusCode == 200, seconds: 20);
        back.Json().GetProperty("version").GetInt64().ShouldBe(1, "the refused write stored nothing");
        await host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name = "Oma", relation = "family" }, expect: 201);
        logs.Events.ShouldNotContain(e => e.Level >= LogEventLevel.Error && e.MessageTemplate.Text.StartsWith("Unhandled"),
            "a database that is away is not a bug");
    }

    [Fact]
    public async Task writers_through_an_outage_get_only_2xx_409_412_or_503_and_every_acknowledged_write_is_there_once()
    {
        var target = await OwnDatabase();
        await using var relay = new TcpRelay(target.Host!, target.Port);
        var viaRelay = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Host = "127.0.0.1", Port = relay.Port, Timeout = 3 }.ConnectionString;
        await using var host = await AlbaHost.For<Program>(b =>
        {
            AppFixture.UseTestSettings(b, viaRelay);
            b.UseSetting("Projections:Daemon", "Solo");
            b.UseSetting("Reminders:Enabled", "false");
            b.UseSetting("Wolverine:Durability", "Solo");
        });
        var caseId = await host.OpenCase();
        var writers = new Writers();
        var running = writers.Run(host, [caseId, caseId, caseId, caseId], TimeSpan.FromSeconds(6));
        await Task.Delay(1500);
        relay.Cut();
        await Task.Delay(2000);
        relay.Restore();
        await Task.WhenAll(running);

        writers.Statuses.ShouldAllBe(s => s == 201 || s == 409 || s == 412 || s == 503);
        writers.Statuses.ShouldContain(503, "the outage should have been seen");
        writers.ShouldMatch(await Writers.MembersOf(host, caseId), caseId);
        await host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30)); // the read models caught up afterwards
    }

    /// <summary>Its own database: the other test classes reset theirs meanwhile.</summary>
    private static async Task<NpgsqlConnectionStringBuilder> OwnDatabase()
    {
        await using var admin = new NpgsqlConnection(AppFixture.ConnectionString);
        await admin.OpenAsync();
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = 'samensterker_test_faults'", admin);
        if (await exists.ExecuteScalarAsync() is null)
            await new NpgsqlCommand("create database samensterker_test_faults", admin).ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AppFixture.ConnectionString) { Database = "samensterker_test_faults" };
    }

    /// <summary>Forwards loopback connections to PostgreSQL; Cut() drops every connection and refuses new ones until Restore().</summary>
    private sealed class TcpRelay : IAsyncDisposable
    {
        private readonly string _host;
        private readonly int _port;
        private readonly List<TcpClient> _open = [];
        private TcpListener _listener;
        private CancellationTokenSource _stop = new();

        public TcpRelay(string host, int port)
        {
            (_host, _port) = (host, port);
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Accept(_listener, _stop.Token);
        }

        public int Port { get; }

        public void Cut()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_open) { foreach (var c in _open) c.Dispose(); _open.Clear(); }
        }

        public void Restore()
        {
            _stop = new CancellationTokenSource();
            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Start();
            _ = Accept(_listener, _stop.Token);
        }

        private async Task Accept(TcpListener listener, CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await listener.AcceptTcpClientAsync(ct); }
                catch (Exception) { return; }
                var server = new TcpClient();
                try { await server.ConnectAsync(_host == "localhost" ? "127.0.0.1" : _host, _port, ct); }
                catch (Exception) { client.Dispose(); server.Dispose(); continue; }
                lock (_open) { _open.Add(client); _open.Add(server); }
                _ = Pump(client, server, ct);
                _ = Pump(server, client, ct);
            }
        }

        private static async Task Pump(TcpClient from, TcpClient to, CancellationToken ct)
        {
            try { await from.GetStream().CopyToAsync(to.GetStream(), ct); }
            catch (Exception) { }
            finally { from.Dispose(); to.Dispose(); }
        }

        public ValueTask DisposeAsync()
        {
            Cut();
            return ValueTask.CompletedTask;
        }
    }
}
