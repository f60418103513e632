using System.Diagnostics;
using Alba;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SamenSterker.Tests.Support;
using Serilog.Events;
using Shouldly;

namespace SamenSterker.Tests.Faults;

/// <summary>
/// PostgreSQL itself restarts (<c>pg_ctl restart -m fast</c>) under four writers: a cluster of this test's own,
/// started with the repository's ops/pg.sh, so the other tests' database is not disturbed.
/// </summary>
public sealed class PostgresRestartTests
{
    [Fact]
    public async Task a_postgresql_restart_under_writers_gives_only_2xx_409_412_or_503_and_loses_or_doubles_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("samensterker-restart-").FullName;
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        var port = ServiceNodes.FreePort();
        try
        {
            await Pg($"SAMENSTERKER_PG_FSYNC=off pg_start '{dir}' {port} && pg_create_db {port} samensterker '{dir}'");
            var logs = new CapturedLogs();
            await using var host = await AlbaHost.For<Program>(b =>
            {
                AppFixture.UseTestSettings(b, $"Host=127.0.0.1;Port={port};Database=samensterker;Username=postgres;Timeout=3");
                b.UseSetting("Projections:Daemon", "Solo");
                b.UseSetting("Reminders:Enabled", "false");
                b.UseSetting("Wolverine:Durability", "Solo");
                b.ConfigureServices(s => s.AddSingleton<Serilog.Core.ILogEventSink>(logs));
            });
            // One case per writer, so that what the writers see is the restart, not each other.
            var cases = new List<Guid>();
            for (var w = 0; w < 4; w++) cases.Add(await host.OpenCase());
            var writers = new Writers();
            var running = writers.Run(host, cases, TimeSpan.FromSeconds(8));
            await Task.Delay(2000);
            // A restart that takes a moment: fast shutdown (connections terminated), two seconds down, start.
            await Pg($"pg_stop '{dir}'; sleep 2; SAMENSTERKER_PG_FSYNC=off pg_start '{dir}' {port}");
            await Task.WhenAll(running);

            var counted = writers.Statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
            Console.WriteLine("PostgreSQL restart under 4 writers: " + string.Join(", ", counted.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}")));
            counted.Keys.ShouldAllBe(s => s == 201 || s == 409 || s == 412 || s == 503);
            counted.Keys.ShouldContain(201);
            counted.Keys.ShouldContain(503, "the restart should have been seen");
            foreach (var caseId in cases) writers.ShouldMatch(await Writers.MembersOf(host, caseId), caseId);
            await host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
            logs.Events.ShouldNotContain(e => e.Level >= LogEventLevel.Error && e.MessageTemplate.Text.StartsWith("Unhandled"),
                "a database restart is not a bug");
        }
        finally
        {
            await Pg($"pg_stop '{dir}'");
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task Pg(string script)
    {
        var run = Process.Start(new ProcessStartInfo("bash", ["-c", $"set -e; source '{Path.Combine(Repo.Root, "ops", "pg.sh")}'; {script}"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var errors = await run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        run.ExitCode.ShouldBe(0, errors);
    }

}
