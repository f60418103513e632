using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;
using Wolverine.Marten;

namespace SamenSterker.Platform;

public static class EventStore
{
    public const string Schema = "samensterker";

    /// <summary>
    /// The database connection: SAMENSTERKER_DB wins over ConnectionStrings:SamenSterker. Unless the connection string
    /// says otherwise, Npgsql prepares the statements it sees twice (Marten's append and upsert functions above all), so
    /// PostgreSQL plans them once per connection. The gain measured once (2.5x with eight clients) did not reproduce on
    /// the noisy benchmark machine (docs/performance.md). Behind PgBouncer in transaction mode this needs PgBouncer
    /// 1.21+ with max_prepared_statements, or "Max Auto Prepare=0" in the connection string.
    /// </summary>
    public static string ConnectionString(IConfiguration config)
    {
        var configured = config["SAMENSTERKER_DB"] is { Length: > 0 } fromEnv ? fromEnv
            : config.GetConnectionString("SamenSterker")
              ?? throw new InvalidOperationException("Set SAMENSTERKER_DB or ConnectionStrings:SamenSterker to a PostgreSQL connection string.");
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(configured);
        if (!configured.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)) (builder.MaxAutoPrepare, builder.AutoPrepareMinUsages) = (100, 2);
        // A rebuild reads the events in pages of thousands: with the generic plans of prepared statements each page
        // took 5x longer (126 vs 24 ms, pg_stat_statements; docs/performance.md). `projections rebuild` plans each anew.
        if (config.GetValue<bool>("Database:CustomPlans")) builder.Options = $"{builder.Options} -c plan_cache_mode=force_custom_plan".Trim();
        return builder.ConnectionString;
    }

    /// <summary>Every projection, by name, in the order a full rebuild takes them.</summary>
    public static readonly string[] Projections =
    [
        "Case", ReadModels,
    ];

    /// <summary>The async read models, run together as one Marten composite: every <see cref="ReadModel"/> a capability adds.</summary>
    public const string ReadModels = "ReadModels";

    /// <summary>Marten's name for an event type in <c>mt_events.type</c>: the type's name in snake_case.</summary>
    public static string EventTypeName(Type eventType) => JsonNamingPolicy.SnakeCaseLower.ConvertName(eventType.Name);

    /// <summary>Every event type Marten knows (each capability adds its own with <see cref="AddEvents"/>).</summary>
    public static IReadOnlyList<Type> EventTypes(IDocumentStore store) =>
        store.Options.Events.AllKnownEventTypes().Select(t => t.EventType).ToList();

    /// <summary>A capability's events, known to Marten up front.</summary>
    public static IServiceCollection AddEvents(this IServiceCollection services, params Type[] eventTypes) =>
        services.ConfigureMarten(opts => opts.Events.AddEventTypes(eventTypes));

    /// <summary>
    /// Every async projection reads and writes the events in large slices: at most 5,000 events a page and a
    /// transaction (the default, 500, made a rebuild mostly round trips) and, in a rebuild, a flush every 10,000.
    /// In daily running a slice is whatever arrived since the last one, so this only matters when catching up.
    /// docs/performance.md has what it gained.
    /// </summary>
    public static void InLargeSlices(AsyncOptions options)
    {
        options.BatchSize = 5_000;
        options.RebuildFlushThreshold = 10_000;
    }

    /// <summary>How the async projections and the reminder planning run: <c>Projections:Daemon</c>.</summary>
    public const string Distributed = "Distributed";

    /// <summary>
    /// <c>Distributed</c> (the default): Wolverine spreads the projections and subscriptions over the running
    /// instances, each on exactly one, and moves those of an instance that died to the others (docs/scaling.md).
    /// <c>HotCold</c>: one instance runs them all, the others stand by. <c>Solo</c>: a single instance, no
    /// election (tests). <c>Disabled</c>: none here (a benchmark of the write path alone).
    /// </summary>
    private static MartenServiceCollectionExtensions.MartenConfigurationExpression WithProjectionsRunning(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten, IConfiguration config)
    {
        if (DistributedByWolverine(config)) return marten; // Messaging asks Wolverine
        return marten.AddAsyncDaemon(Enum.Parse<DaemonMode>(ProjectionsMode(config), ignoreCase: true));
    }

    /// <summary>A single instance (Wolverine:Durability Solo) has nothing to distribute: it runs them itself.</summary>
    private static string ProjectionsMode(IConfiguration config) =>
        config["Projections:Daemon"] is { Length: > 0 } mode ? mode
        : config.GetValue("Wolverine:Durability", Wolverine.DurabilityMode.Balanced) == Wolverine.DurabilityMode.Balanced ? Distributed
        : nameof(DaemonMode.Solo);

    public static bool DistributedByWolverine(IConfiguration config) =>
        string.Equals(ProjectionsMode(config), Distributed, StringComparison.OrdinalIgnoreCase);

    private static MartenServiceCollectionExtensions.MartenConfigurationExpression AppliedAtStartIf(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten, bool apply) =>
        apply ? marten.ApplyAllDatabaseChangesOnStartup() : marten;

    private const string ExpressionKey = "samensterker.marten";

    /// <summary>Marten's configuration as <see cref="AddEventStore"/> made it, for a capability that adds to it (a subscription).</summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression EventStoreConfiguration(this WebApplicationBuilder builder) =>
        (MartenServiceCollectionExtensions.MartenConfigurationExpression)builder.Host.Properties[ExpressionKey];

    /// <summary>
    /// Marten on PostgreSQL: the event store's conventions, the async read models as one composite of what the capabilities
    /// add (<see cref="ReadModel"/>), Wolverine's outbox. What each capability stores it registers itself.
    /// </summary>
    public static WebApplicationBuilder AddEventStore(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var services = builder.Services;
        var connectionString = ConnectionString(config);
        var marten = services.AddMarten(opts =>
            {
                opts.Connection(connectionString);
                opts.DatabaseSchemaName = Schema;
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);

                // Quick append: the stream version and sequence are assigned inside PostgreSQL in the same statement; the
                // timestamps come from the application's clock (QuickWithServerTimestamps stamps with the TimeProvider).
                opts.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
                opts.Events.UseMandatoryStreamTypeDeclaration = true;
                opts.Events.MetadataConfig.CorrelationIdEnabled = true;
                opts.Events.MetadataConfig.CausationIdEnabled = true;
                opts.Events.MetadataConfig.UserNameEnabled = true;
                // The async daemon's leadership lock must not use Npgsql multiplexing here
                // (shared/notes/dependencies.md).
                opts.Events.UseAdvisoryLockTransaction = true;

                // An event a projection cannot apply is set aside (Marten's dead letter events, listed and
                // replayed by `ops/run.sh set-aside`); the projection goes on with the events behind it.
                opts.Projections.Errors.SkipApplyErrors = true;
                opts.Projections.Errors.SkipSerializationErrors = true;
                opts.Projections.Errors.SkipUnknownEvents = true;

                opts.Storage.ExtendedSchemaObjects.Add(Idempotency.Table);
                // Applied at start-up by a single database user, or beforehand by the owner's `migrate` (DatabaseSchema): the
                // runtime role may create nothing.
                opts.AutoCreateSchemaObjects = DatabaseSchema.AppliedAtStart(config) ? AutoCreate.CreateOrUpdate : AutoCreate.None;
            })
            .UseLightweightSessions()
            .AppliedAtStartIf(DatabaseSchema.AppliedAtStart(config))
            .WithProjectionsRunning(config)
            .IntegrateWithWolverine(w =>
            {
                w.MessageStorageSchemaName = "wolverine";
                // Needs DurabilityMode.Balanced (the default here) and excludes Marten's own AddAsyncDaemon.
                w.UseWolverineManagedEventSubscriptionDistribution = DistributedByWolverine(config);
            });
        builder.Host.Properties[ExpressionKey] = marten;

        // Async: the read models. They cost the write path nothing and trail it by a moment. One composite: they read
        // their events once per slice and write in one transaction (a rebuild reads the store once, not once each).
        services.ConfigureMarten((sp, opts) => opts.Projections.CompositeProjectionFor(ReadModels, composite =>
        {
            InLargeSlices(composite.Options);
            foreach (var model in sp.GetServices<ReadModel>()) model.AddTo(opts, composite);
        }));
        // How the composite builds one case again, to replay what was set aside: each member's own way (ops/run.sh set-aside replay).
        services.AddSingleton<ICaseReprojection>(sp =>
            new CompositeReprojection(ReadModels, [.. sp.GetServices<ReadModel>().Select(m => m.Reprojection)]));

        services.ConfigureMarten((sp, opts) => opts.Logger(new MartenLogging(sp.GetRequiredService<ILogger<IDocumentStore>>())));
        services.AddSingleton(_ => Npgsql.NpgsqlDataSource.Create(connectionString));
        services.AddDatabaseSchema(config);
        return builder;
    }
}
