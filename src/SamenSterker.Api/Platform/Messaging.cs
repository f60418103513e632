using Wolverine;
using Wolverine.ErrorHandling;

namespace SamenSterker.Platform;

/// <summary>
/// Wolverine for durable messages (the reminders, and the planning that schedules them): stored in PostgreSQL with the
/// documents, in one transaction (its outbox), surviving restarts and moving to a live instance when one dies.
/// </summary>
public static class Messaging
{
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        builder.Host.UseWolverine(opts =>
        {
            opts.ApplicationAssembly = typeof(Messaging).Assembly;
            // Scheduled and local messages are stored (wolverine_incoming_envelopes) and survive restarts.
            opts.Policies.UseDurableLocalQueues();
            // Its tables are made at start-up by a single database user, or beforehand by the owner's `migrate`.
            if (!DatabaseSchema.AppliedAtStart(config)) opts.AutoBuildMessageStorageOnStartup = JasperFx.AutoCreate.None;
            // Handlers' Marten sessions commit with their outgoing messages in one transaction.
            opts.Policies.AutoApplyTransactions();
            opts.Durability.Mode = config.GetValue("Wolverine:Durability", DurabilityMode.Balanced);
            // A message that fails is retried; one that keeps failing is set aside (Wolverine's dead letters,
            // listed and replayed by `ops/run.sh set-aside`) and everything behind it goes on.
            opts.Policies.OnException(IsTransient)
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

        return builder;
    }

    /// <summary>A failure expected to pass by itself: the database or the mail server away for a moment.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        Npgsql.NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException or IOException or System.Net.Sockets.SocketException => true,
        MailKit.ServiceNotConnectedException or MailKit.ProtocolException or MailKit.Net.Smtp.SmtpCommandException => true,
        _ => e.InnerException is { } inner && IsTransient(inner),
    };
}
