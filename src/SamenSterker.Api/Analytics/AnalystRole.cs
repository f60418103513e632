using Npgsql;
using SamenSterker.Platform;

namespace SamenSterker.Analytics;

public sealed class AnalyticsOptions
{
    /// <summary>HMAC key for the pseudonyms (at least 32 characters). Changing it changes every pseudonym.</summary>
    public string? PseudonymKey { get; set; }

    /// <summary>Password of the read-only PostgreSQL role <c>samensterker_analyst</c>; no role is set up without one.</summary>
    public string? AnalystPassword { get; set; }
}

/// <summary>
/// Part of the schema set-up: the PostgreSQL role <c>samensterker_analyst</c>, which may read the
/// <c>analytics</c> schema and nothing else (not the events, not the documents). Runs after Marten
/// has applied the schema at start-up; it needs a database user that may create roles.
/// </summary>
public sealed class AnalystRoleSetup(Microsoft.Extensions.Options.IOptions<AnalyticsOptions> options,
    ILogger<AnalystRoleSetup> logger) : ISchemaPart
{
    public const string RoleName = "samensterker_analyst";

    public async Task ApplyAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        var password = options.Value.AnalystPassword;
        if (string.IsNullOrEmpty(password))
        {
            logger.LogInformation("Analytics:AnalystPassword is not set: the {Role} role is not set up", RoleName);
            return;
        }

        try
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = Sql(password, connection.Database);
            await command.ExecuteNonQueryAsync(ct);
            logger.LogInformation("The {Role} role may read the {Schema} schema", RoleName, AnalyticsTables.Schema);
        }
        catch (PostgresException e)
        {
            logger.LogWarning("Could not set up the {Role} role ({SqlState}): give the service's database user CREATEROLE, or create it by hand (docs/analytics.md)",
                RoleName, e.SqlState);
        }
    }

    public static string Sql(string password, string database)
    {
        var literal = "'" + password.Replace("'", "''") + "'";
        var db = "\"" + database.Replace("\"", "\"\"") + "\"";
        var schema = AnalyticsTables.Schema;
        return $"""
            do $$ begin
              if not exists (select 1 from pg_roles where rolname = '{RoleName}') then
                create role {RoleName} login;
              end if;
            end $$;
            alter role {RoleName} with login password {literal};
            grant connect on database {db} to {RoleName};
            grant usage on schema {schema} to {RoleName};
            grant select on all tables in schema {schema} to {RoleName};
            alter default privileges in schema {schema} grant select on tables to {RoleName};
            """;
    }
}
