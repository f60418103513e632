using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using SamenSterker.Cases;
using Weasel.Core;

namespace SamenSterker.Infrastructure;

public static class EventStore
{
    public const string Schema = "samensterker";

    /// <summary>The database connection: SAMENSTERKER_DB wins over ConnectionStrings:SamenSterker.</summary>
    public static string ConnectionString(IConfiguration config) =>
        config["SAMENSTERKER_DB"] is { Length: > 0 } fromEnv ? fromEnv
        : config.GetConnectionString("SamenSterker")
          ?? throw new InvalidOperationException("Set SAMENSTERKER_DB or ConnectionStrings:SamenSterker to a PostgreSQL connection string.");

    public static IServiceCollection AddSamenSterkerEventStore(this IServiceCollection services, IConfiguration config)
    {
        var connectionString = ConnectionString(config);
        services.AddMarten(opts =>
            {
                opts.Connection(connectionString);
                opts.DatabaseSchemaName = Schema;
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);

                // Quick append: the stream version and sequence are assigned inside PostgreSQL in the
                // same statement, with database timestamps (the "when" of every event).
                opts.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
                opts.Events.UseMandatoryStreamTypeDeclaration = true;
                opts.Events.MetadataConfig.CorrelationIdEnabled = true;
                opts.Events.MetadataConfig.CausationIdEnabled = true;
                opts.Events.MetadataConfig.UserNameEnabled = true;
                // The async daemon's leadership lock must not use Npgsql multiplexing here
                // (shared/notes/dependencies.md).
                opts.Events.UseAdvisoryLockTransaction = true;

                // The write model: updated in the same transaction as the events, so a command
                // loads the case in one query; rebuildable from the events at any time.
                opts.Projections.Snapshot<Case>(SnapshotLifecycle.Inline);

                opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
        return services;
    }
}
