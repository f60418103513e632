using Alba;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SamenSterker.Access;
using SamenSterker.Platform;
using Serilog.Core;
using Serilog.Events;

namespace SamenSterker.Tests.Support;

/// <summary>
/// One API host per test run, on the real PostgreSQL that ops/test.sh starts. The clock is a
/// <see cref="FakeTimeProvider"/> set to a fixed day, so "today" in the rules is known.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string SigningKey = "tests-only-signing-key-0123456789-abcdefghij";
    public const string PseudonymKey = "tests-only-pseudonym-key-0123456789-abcdefghij";
    public const string KeyRingSecret = "tests-only-key-ring-secret-0123456789-abcdefghij";
    public const string AnalystPassword = "analyst-test-password";

    /// <summary>Today in the tests (Europe/Amsterdam).</summary>
    public static readonly DateOnly Today = new(2026, 11, 23);

    /// <summary>The test database as the cluster's superuser (see <see cref="DatabaseRoles"/> for the roles the service uses).</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("SAMENSTERKER_TEST_DB")
        ?? "Host=127.0.0.1;Port=55433;Database=samensterker_test;Username=postgres";

    /// <summary>What the service under test connects as: the runtime role, which owns nothing.</summary>
    public static string RuntimeConnectionString => DatabaseRoles.As(ConnectionString, DatabaseRoles.Runtime);

    public static string OwnerConnectionString => DatabaseRoles.As(ConnectionString, DatabaseRoles.Owner);

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>Every log event the API wrote.</summary>
    public CapturedLogs Logs { get; } = new();

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        // As in production: the owner migrates, the service runs as the runtime role and applies nothing itself.
        var runtime = await DatabaseRoles.RuntimeOnTestDatabase();
        Host = await AlbaHost.For<Program>(b =>
        {
            UseTestSettings(b, runtime);
            b.UseSetting("Analytics:AnalystPassword", AnalystPassword);
            b.UseSetting("Projections:Daemon", "Solo");
            b.UseSetting("Wolverine:Durability", "Solo");
            b.UseSetting("Reminders:Enabled", "false"); // the reminder tests run their own hosts on the real clock
            // Every test of this host comes from one address: the answer links' per-address limit would stop the suite.
            b.UseSetting("AnswerLinks:PerMinute", "1000000");
            b.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            b.UseSetting("Serilog:MinimumLevel:Override:Serilog.AspNetCore", "Information");
            b.ConfigureTestServices(s =>
            {
                s.AddSingleton<TimeProvider>(Clock);
                s.AddSingleton<ILogEventSink>(Logs);
            });
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>
    /// Every event, stream, link, document and idempotency key gone (a key another class chose, such as "moeder", once
    /// looked like personal data left after an erasure), as Marten's ResetAllMartenDataAsync would — but the runtime role
    /// may not delete events (the point of it), so the owner does it, with the record's guards off for this
    /// transaction only. The daemons are paused meanwhile, as Marten's reset does.
    /// </summary>
    public async Task ResetData()
    {
        await Host.PauseAllDaemonsAsync();
        try
        {
            await using var connection = new Npgsql.NpgsqlConnection(OwnerConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $$"""
                do $$
                declare t text;
                begin
                  alter table samensterker.mt_events disable trigger user;
                  alter table samensterker.mt_streams disable trigger user;
                  alter table samensterker.event_chain disable trigger user;
                  truncate samensterker.mt_events, samensterker.mt_streams, samensterker.event_chain, samensterker.case_seals,
                           samensterker.mt_event_progression, samensterker.idempotency_keys;
                  for t in select tablename from pg_tables where schemaname = 'samensterker' and tablename like 'mt_doc_%' loop
                    execute format('truncate samensterker.%I', t);
                  end loop;
                  alter sequence samensterker.mt_events_sequence restart with 1;
                  alter table samensterker.mt_events enable trigger user;
                  alter table samensterker.mt_streams enable trigger user;
                  alter table samensterker.event_chain enable trigger user;
                end $$;
                """;
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            await Host.ResumeAllDaemonsAsync();
        }
    }

    /// <summary>Analytics rows are not Marten documents, so the per-class reset clears them here.</summary>
    public async Task TruncateAnalytics()
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "truncate " + string.Join(", ", SamenSterker.Analytics.AnalyticsTables.All.Select(t => t.Identifier.QualifiedName));
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Another instance of the service beside the fixture's, as an operator would start one: on the test database as the
    /// runtime role, without the projection daemon, Wolverine's balancing or reminders (a start-up setting under test
    /// comes in <paramref name="configure"/>).
    /// </summary>
    public static async Task<IAlbaHost> AnotherInstance(string environment = "Testing", Action<IWebHostBuilder>? configure = null)
    {
        var runtime = await DatabaseRoles.RuntimeOnTestDatabase();
        return await AlbaHost.For<Program>(b =>
        {
            UseTestSettings(b, runtime);
            b.UseEnvironment(environment);
            b.UseSetting("Projections:Daemon", "Disabled");
            b.UseSetting("Wolverine:Durability", "Solo");
            b.UseSetting("Reminders:Enabled", "false");
            configure?.Invoke(b);
        });
    }

    /// <summary>What every test host shares: the test environment, database, keys and quiet logs.</summary>
    public static void UseTestSettings(IWebHostBuilder b, string connectionString)
    {
        b.UseEnvironment("Testing");
        b.UseSetting("SAMENSTERKER_DB", connectionString);
        // The runtime role may create nothing: the owner migrated the database (DatabaseRoles); a superuser's host applies it.
        if (new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Username == DatabaseRoles.Runtime) b.UseSetting("Database:ApplySchema", "false");
        b.UseSetting("Auth:SigningKey", SigningKey);
        b.UseSetting("Analytics:PseudonymKey", PseudonymKey);
        b.UseSetting("DataProtection:KeyRingSecret", KeyRingSecret);
        b.UseSetting("Logging:Console", Environment.GetEnvironmentVariable("SAMENSTERKER_TEST_CONSOLE_LOGS") ?? "false");
        // Every response is held to the served OpenAPI document (see ContractCheck).
        b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, ContractCheck>());
    }

    public static string Token(string role = Roles.Professional, string sub = "p-anna", string? team = "noord") =>
        DevTokens.Create(new AuthOptions { SigningKey = SigningKey }, sub, role, team, null, TimeSpan.FromHours(1));
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "api";
}

/// <summary>Base of every HTTP test class: a clean database per class.</summary>
[Collection(ApiCollection.Name)]
public abstract class ApiTest(AppFixture app) : IAsyncLifetime
{
    protected AppFixture App { get; } = app;
    protected IAlbaHost Host => App.Host;

    public async Task InitializeAsync()
    {
        // Resetting deletes while the daemon may be committing a batch: PostgreSQL can pick the reset as a deadlock
        // victim. A deadlock is safe to retry.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await App.ResetData();
                break;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == "40P01" && attempt < 5) { }
        }
        await App.TruncateAnalytics();
    }

    /// <summary>Waits until the async projections have caught up with every event (no sleeping).</summary>
    protected Task Projected() => Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed class CapturedLogs : ILogEventSink
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<LogEvent> _events = new();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    public IReadOnlyList<LogEvent> Events => _events.ToList();
}
