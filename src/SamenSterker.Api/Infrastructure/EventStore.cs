using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using SamenSterker.Agreements;
using SamenSterker.Analytics;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Reminders;
using Weasel.Core;
using SamenSterker.Operations;

namespace SamenSterker.Infrastructure;

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

    /// <summary>The async read models, run together (<see cref="CaseScoresProjection"/>, <see cref="CaseAgreementsProjection"/>,
    /// <see cref="CaseSummaryProjection"/>, <see cref="AnalyticsProjection"/>).</summary>
    public const string ReadModels = "ReadModels";

    /// <summary>Marten's name for an event type in <c>mt_events.type</c>: the type's name in snake_case.</summary>
    public static string EventTypeName(Type eventType) => JsonNamingPolicy.SnakeCaseLower.ConvertName(eventType.Name);

    /// <summary>Every event type of a case stream, known to Marten up front (and to the personal-data test).</summary>
    public static readonly Type[] EventTypes =
    [
        typeof(CaseOpened), typeof(CheckInMomentsAgreed), typeof(FamilyPlanSet), typeof(RoleAssigned), typeof(CaseClosed),
        typeof(CheckInHeld), typeof(ScoreGiven), typeof(AgreementMade), typeof(AgreementReviewed),
        typeof(Steunkring.SteunkringMemberAdded), typeof(Steunkring.SteunkringMemberLeft), typeof(Steunkring.ProcesbegeleiderAssigned),
        typeof(Steunkring.SteunkringIntakeHeld), typeof(Steunkring.SteunkringMeetingHeld), typeof(Steunkring.CoreQuestionsAnswered),
        typeof(Alliance.AllianceFeedbackGiven),
        typeof(Corrections.ScoreCorrected), typeof(Corrections.CheckInDateCorrected), typeof(Corrections.AgreementCorrected),
        typeof(Corrections.SteunkringMemberCorrected),
        typeof(Privacy.PersonalDataErased),
    ];

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
        if (DistributedByWolverine(config)) return marten; // RemindersSetup.WithReminders asks Wolverine
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

    public static IServiceCollection AddSamenSterkerEventStore(this IServiceCollection services, IConfiguration config)
    {
        var connectionString = ConnectionString(config);
        var familyPlanDays = config.GetValue("Reminders:FamilyPlanCheckInDays", CheckInScheduleState.DefaultFamilyPlanCheckInDays);
        var analytics = config.GetSection("Analytics").Get<AnalyticsOptions>() ?? new AnalyticsOptions();
        var pseudonyms = new Pseudonyms(analytics.PseudonymKey
            ?? throw new InvalidOperationException("Configure Analytics:PseudonymKey (at least 32 characters) for the analytics pseudonyms."));

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
                opts.Events.AddEventTypes(EventTypes);
                Privacy.PersonalData.Register(opts);
                // The async daemon's leadership lock must not use Npgsql multiplexing here
                // (shared/notes/dependencies.md).
                opts.Events.UseAdvisoryLockTransaction = true;

                // An event a projection cannot apply is set aside (Marten's dead letter events, listed and
                // replayed by `ops/run.sh set-aside`); the projection goes on with the events behind it.
                opts.Projections.Errors.SkipApplyErrors = true;
                opts.Projections.Errors.SkipSerializationErrors = true;
                opts.Projections.Errors.SkipUnknownEvents = true;

                // Inline: the write model, updated in the same transaction as the events, so a command
                // loads the case in one query.
                opts.Projections.Snapshot<Case>(SnapshotLifecycle.Inline, asyncConfiguration: InLargeSlices); // the slices: for a rebuild

                // Async: the read models. They cost the write path nothing and trail it by a moment.
                // One composite: the four read their events once per slice and write in one transaction (a
                // rebuild reads the store once instead of four times).
                opts.Projections.CompositeProjectionFor(ReadModels, readModels =>
                {
                    InLargeSlices(readModels.Options);
                    readModels.Add(new CaseScoresProjection());
                    readModels.Add(new CaseAgreementsProjection());
                    readModels.Add(new CaseSummaryProjection(familyPlanDays));
                    AnalyticsProjection.Register(opts, readModels, pseudonyms, familyPlanDays);
                });
                opts.Schema.For<CaseSummary>().Duplicate(x => x.TeamId).Duplicate(x => x.Casusregie);

                opts.Storage.ExtendedSchemaObjects.Add(Idempotency.Table);
                opts.Storage.ExtendedSchemaObjects.Add(SharedKeyRing.Table);
                // Applied at start-up by a single database user, or beforehand by the owner's `migrate` (DatabaseSchema): the
                // runtime role may create nothing.
                opts.AutoCreateSchemaObjects = DatabaseSchema.AppliedAtStart(config) ? AutoCreate.CreateOrUpdate : AutoCreate.None;
            })
            .UseLightweightSessions()
            .AppliedAtStartIf(DatabaseSchema.AppliedAtStart(config))
            .WithProjectionsRunning(config)
            .WithReminders(config);

        services.ConfigureMarten((sp, opts) => opts.Logger(new MartenLogging(sp.GetRequiredService<ILogger<IDocumentStore>>())));
        services.AddSingleton(_ => Npgsql.NpgsqlDataSource.Create(connectionString));
        // How each projection builds one case again, to replay what was set aside (ops/run.sh set-aside replay).
        services.AddSingleton<ICaseReprojection>(new CompositeReprojection(ReadModels,
            new SingleStreamReprojection<CaseScores>(CaseScoresProjection.ProjectionName),
            new SingleStreamReprojection<CaseAgreements>(CaseAgreementsProjection.ProjectionName),
            new SingleStreamReprojection<CaseSummary>(CaseSummaryProjection.ProjectionName),
            new AnalyticsReprojection(pseudonyms, familyPlanDays)));
        services.Configure<AnalyticsOptions>(config.GetSection("Analytics"));
        return services;
    }
}
