using JasperFx;
using Marten;
using Npgsql;
using Wolverine.Runtime;

namespace SamenSterker.Platform;

/// <summary>
/// A part of the database that is ours rather than Marten's or Wolverine's (the hash chain and its guards, the access
/// log, the analysts' role): created or updated by the schema's owner, idempotently.
/// </summary>
public interface ISchemaPart
{
    /// <summary>Creates or updates the part (tables, functions, triggers); runs as the owner of the schema.</summary>
    Task ApplyAsync(NpgsqlDataSource db, CancellationToken ct);

    /// <summary>SQL that takes back from the runtime role what it must not do to this part's tables, after it was given
    /// ordinary rights on every table. <paramref name="role"/> is already quoted.</summary>
    string LimitRuntimeRole(string role) => "";
}

/// <summary>
/// Two database roles (docs/operations.md, "Database roles"): the <b>owner</b> creates and migrates the schema —
/// Marten's tables, Wolverine's, the chain, the access log — with <c>migrate</c>; the service then runs as a
/// <b>runtime</b> role that owns nothing, so it cannot drop or disable a trigger, and may not update or delete an event,
/// a link of the chain or a line of the access log. <c>Database:ApplySchema</c> (default true) keeps the simple way for
/// a single database user: the service applies the schema itself at start-up.
/// </summary>
public static class DatabaseSchema
{
    /// <summary>Whether this process applies the schema at start-up (false: the owner ran <c>migrate</c>).</summary>
    public static bool AppliedAtStart(IConfiguration config) => config.GetValue("Database:ApplySchema", true);

    /// <summary>The owner's connection: SAMENSTERKER_DB_OWNER, or Database:OwnerConnectionString.</summary>
    public static string? OwnerConnectionString(IConfiguration config) =>
        config["SAMENSTERKER_DB_OWNER"] is { Length: > 0 } owner ? owner : config["Database:OwnerConnectionString"];

    public static IServiceCollection AddDatabaseSchema(this IServiceCollection services, IConfiguration config)
    {
        if (AppliedAtStart(config)) services.AddHostedService<ApplyAtStart>(); // after Marten's own start-up migration
        return services;
    }

    /// <summary>
    /// <c>migrate</c> runs as the owner: before the host is built, the owner's connection takes the place of the
    /// runtime's, and the runtime role (the runtime connection's user, or Database:RuntimeRole) is remembered for the grants.
    /// </summary>
    public static void UseOwnerConnection(ConfigurationManager config)
    {
        var runtime = config["SAMENSTERKER_DB"] is { Length: > 0 } fromEnv ? fromEnv : config.GetConnectionString("SamenSterker");
        var owner = OwnerConnectionString(config) ?? runtime
            ?? throw new InvalidOperationException("migrate needs SAMENSTERKER_DB_OWNER (the schema owner's connection string).");
        var ownerUser = new NpgsqlConnectionStringBuilder(owner).Username;
        var runtimeUser = config["Database:RuntimeRole"] is { Length: > 0 } named ? named
            : runtime is null ? null : new NpgsqlConnectionStringBuilder(runtime).Username;
        config["Database:RuntimeRole"] = runtimeUser != ownerUser ? runtimeUser : null;
        config["SAMENSTERKER_DB"] = owner;
        config["Projections:Daemon"] = "Disabled";
    }

    /// <summary><c>migrate</c>: Marten's schema, Wolverine's message storage, our own parts, then the runtime role's rights.</summary>
    public static async Task<int> RunMigrateCommand(IServiceProvider services, IConfiguration config)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseSchema));
        await services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync(AutoCreate.CreateOrUpdate);
        await services.GetRequiredService<IWolverineRuntime>().Storage.Admin.MigrateAsync(AutoCreate.CreateOrUpdate);
        var db = services.GetRequiredService<NpgsqlDataSource>();
        var parts = services.GetServices<ISchemaPart>().ToList();
        foreach (var part in parts) await part.ApplyAsync(db, CancellationToken.None);

        if (config["Database:RuntimeRole"] is { Length: > 0 } role)
        {
            await using var grant = db.CreateCommand(GrantsTo(role, parts));
            await grant.ExecuteNonQueryAsync();
            logger.LogInformation("Schema applied; the runtime role {Role} may use it and may not rewrite the record", role);
        }
        else
        {
            logger.LogWarning("Schema applied; no runtime role was named (SAMENSTERKER_DB is the owner itself): the service would run as the owner");
        }
        return 0;
    }

    /// <summary><paramref name="role"/> unquoted. Ordinary rights on every table of every schema the owner made (ours, Marten's, Wolverine's, the analysts'); then
    /// each part takes back what the record forbids. The runtime role is given nothing it could use to change the schema.</summary>
    public static string GrantsTo(string role, IEnumerable<ISchemaPart> parts)
    {
        var literal = "'" + role.Replace("'", "''") + "'";
        return $$"""
            do $$
            declare s text;
            begin
              for s in select nspname from pg_namespace
                       where nspowner = (select oid from pg_roles where rolname = current_user)
                         and nspname not like 'pg\_%' and nspname <> 'information_schema' and nspname <> 'public'
              loop
                execute format('grant usage on schema %I to %I', s, {{literal}});
                execute format('grant select, insert, update, delete, truncate on all tables in schema %I to %I', s, {{literal}});
                execute format('grant usage, select, update on all sequences in schema %I to %I', s, {{literal}});
                execute format('grant execute on all functions in schema %I to %I', s, {{literal}});
              end loop;
            end $$;
            """ + "\n" + string.Join("\n", parts.Select(p => p.LimitRuntimeRole(Quote(role))));
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>The single-user way: the service applies our parts after Marten's and Wolverine's own start-up migration.</summary>
    private sealed class ApplyAtStart(IEnumerable<ISchemaPart> parts, NpgsqlDataSource db) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            foreach (var part in parts) await part.ApplyAsync(db, ct);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
