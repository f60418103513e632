using JasperFx.Events.Daemon;
using Marten;
using SamenSterker.Infrastructure;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Marten;
using SamenSterker.Operations;
using SamenSterker.Access;

namespace SamenSterker.Reminders;

public static class RemindersSetup
{
    /// <summary>
    /// Wolverine for the durable, scheduled reminder messages (stored in PostgreSQL with the
    /// documents, in one transaction: its outbox), and the documents of this capability.
    /// </summary>
    public static WebApplicationBuilder AddSamenSterkerReminders(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        builder.Services.Configure<ReminderSettings>(config.GetSection("Reminders"));
        builder.Services.Configure<SmtpSettings>(config.GetSection("Smtp"));
        builder.Services.AddSingleton<UserProfiles>();
        builder.Services.AddSingleton<ICaseReprojection, ReminderPlanningReprojection>();

        builder.Host.UseWolverine(opts =>
        {
            opts.ApplicationAssembly = typeof(RemindersSetup).Assembly;
            // Scheduled and local messages are stored (wolverine_incoming_envelopes) and survive restarts.
            opts.Policies.UseDurableLocalQueues();
            // Its tables are made at start-up by a single database user, or beforehand by the owner's `migrate`.
            if (!DatabaseSchema.AppliedAtStart(config)) opts.AutoBuildMessageStorageOnStartup = JasperFx.AutoCreate.None;
            // Handlers' Marten sessions commit with their outgoing messages in one transaction.
            opts.Policies.AutoApplyTransactions();
            opts.Durability.Mode = config.GetValue("Wolverine:Durability", DurabilityMode.Balanced);
            // A message that fails is retried; one that keeps failing is set aside (Wolverine's dead letters,
            // listed and replayed by `ops/run.sh set-aside`) and everything behind it goes on.
            opts.Policies.OnException(SetAside.IsTransient)
                .RetryWithCooldown(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5))
                .Then.ScheduleRetry(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10))
                .Then.MoveToErrorQueue();
            opts.Policies.OnAnyException()
                .RetryWithCooldown(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1))
                .Then.MoveToErrorQueue();
            opts.Durability.ScheduledJobPollingTime = TimeSpan.FromSeconds(config.GetValue("Wolverine:ScheduledJobPollingSeconds", 5.0));
            // How many due messages an instance takes per poll. Wolverine's 100 capped the 08:00 burst at 100 reminders per
            // poll per instance (10,000 due at once took 75 s with two instances polling every second; docs/performance.md).
            opts.Durability.RecoveryBatchSize = config.GetValue("Wolverine:RecoveryBatchSize", 1000);
            // A node that dies (kill -9, a crashed host) owns messages and projection shards until the others eject it.
            // Defaults (10 s health checks, 60 s stale) meant a minute or more; these move its work on within ~15 s:
            // stale after 4 missed beats (so a GC pause does not eject a live node), ejected after 2 stale checks.
            var beat = TimeSpan.FromSeconds(config.GetValue("Wolverine:HealthCheckSeconds", 1.5));
            opts.Durability.HealthCheckPollingTime = beat;
            opts.Durability.StaleNodeTimeout = beat * 4;
            opts.Durability.StaleNodeEjectionThreshold = 2;
            opts.Durability.OrphanedMessageSweepPollingTime = beat;
            opts.Durability.CheckAssignmentPeriod = beat * 2;
        });

        builder.Services.ConfigureMarten(opts =>
        {
            opts.Schema.For<ReminderRecord>().UseOptimisticConcurrency(true).Duplicate(x => x.CaseId);
            opts.Schema.For<InboxItem>().Duplicate(x => x.UserId);
            opts.Schema.For<CalendarFeed>().Duplicate(x => x.Token, configure: index => index.IsUnique = true);
            opts.Schema.For<UserProfile>().Duplicate(x => x.Team);
            opts.Schema.For<EmailDelivery>();
        });
        return builder;
    }

    /// <summary>Marten's side: Wolverine's message storage, and the planning subscription when reminders are on.</summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression WithReminders(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten, IConfiguration config)
    {
        marten.IntegrateWithWolverine(w =>
        {
            w.MessageStorageSchemaName = "wolverine";
            // Needs DurabilityMode.Balanced (the default here) and excludes Marten's own AddAsyncDaemon.
            w.UseWolverineManagedEventSubscriptionDistribution = EventStore.DistributedByWolverine(config);
        });
        if (config.GetValue("Reminders:Enabled", true))
            marten.SubscribeToEventsWithServices<ReminderPlanning>(ServiceLifetime.Scoped);
        return marten;
    }

    public static void MapReminders(this WebApplication app)
    {
        var me = app.MapGroup("/api/me").RequireAuthorization(Policies.OwnReminders).WithTags("Reminders");
        MyReminders.Map(me);
        CalendarFeedEndpoints.MapMe(me);
        CalendarFeedEndpoints.MapFeed(app);
        CaseReminders.Map(app);
    }
}
