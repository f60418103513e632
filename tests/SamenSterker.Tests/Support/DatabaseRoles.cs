using System.Diagnostics;
using Npgsql;

namespace SamenSterker.Tests.Support;

/// <summary>
/// The two database roles ops/test.sh creates, as in production (docs/operations.md): <c>samensterker_owner</c> owns the
/// test databases and runs <c>migrate</c>; the service under test connects as <c>samensterker_app</c>, which owns nothing.
/// <see cref="AppFixture.ConnectionString"/> stays the cluster's superuser, for what only a superuser does (creating
/// databases; the tests that play an attacker with full rights).
/// </summary>
public static class DatabaseRoles
{
    public const string Owner = "samensterker_owner";
    public const string Runtime = "samensterker_app";

    public static string As(string connectionString, string user, string? database = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Username = user, Password = null };
        if (database is not null) builder.Database = database;
        return builder.ConnectionString;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task>> MigratedDatabases = new();

    /// <summary>Migrates <paramref name="database"/> once per test run, however many hosts ask (they start in parallel).</summary>
    public static Task Migrated(string database) =>
        MigratedDatabases.GetOrAdd(database, d => new Lazy<Task>(() => Migrate(d))).Value;

    /// <summary>The main test database, migrated, as the runtime role: for every in-process host on it.</summary>
    public static async Task<string> RuntimeOnTestDatabase()
    {
        await Migrated(new NpgsqlConnectionStringBuilder(AppFixture.ConnectionString).Database!);
        return AppFixture.RuntimeConnectionString;
    }

    /// <summary>Runs the service's own <c>migrate</c> command as the owner, naming the runtime role, exactly as ops/run.sh does.</summary>
    public static async Task Migrate(string database)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "SamenSterker.Api.dll"), "migrate"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
        };
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Testing";
        env["SAMENSTERKER_DB"] = As(AppFixture.ConnectionString, Runtime, database);
        env["SAMENSTERKER_DB_OWNER"] = As(AppFixture.ConnectionString, Owner, database);
        env["Auth__SigningKey"] = AppFixture.SigningKey;
        env["Analytics__PseudonymKey"] = AppFixture.PseudonymKey;
        env["DataProtection__KeyRingSecret"] = AppFixture.KeyRingSecret;
        env["Analytics__AnalystPassword"] = AppFixture.AnalystPassword;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"migrate of {database} failed ({process.ExitCode}):\n{await output}\n{await errors}");
    }

    /// <summary>A new, empty database owned by the schema's owner (dropped first when it exists).</summary>
    public static async Task CreateDatabase(string database)
    {
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {database} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
        await using var create = new NpgsqlCommand($"create database {database} owner {Owner}", connection);
        await create.ExecuteNonQueryAsync();
    }
}
