using Marten;
using SamenSterker.Access;
using SamenSterker.Platform;
using Wolverine.Marten;

namespace SamenSterker.Reminders;

/// <summary>Reminders for agreed check-in moments: the planning subscription, the durable messages it schedules, the inbox,
/// e-mail, the calendar feed and the profiles that say where a reminder goes.</summary>
public static class RemindersSetup
{
    public static WebApplicationBuilder AddReminders(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        builder.Services.Configure<ReminderSettings>(config.GetSection("Reminders"));
        builder.Services.Configure<SmtpSettings>(config.GetSection("Smtp"));
        builder.Services.AddSingleton<ICaseReprojection, ReminderPlanningReprojection>();
        builder.Services.AddSingleton<CalendarFeedTokens>();
        builder.Services.AddHostedService<CalendarFeedTokens.SealLegacyAtStart>();
        builder.Services.ConfigureMarten(opts =>
        {
            opts.Schema.For<ReminderRecord>().UseOptimisticConcurrency(true).Duplicate(x => x.CaseId);
            opts.Schema.For<InboxItem>().Duplicate(x => x.UserId);
            opts.Schema.For<CalendarFeed>().Duplicate(x => x.TokenHash, configure: index => index.IsUnique = true);
            opts.Schema.For<EmailDelivery>();
        });
        // The planning follows the case events in order (a Wolverine-managed subscription), when reminders are on.
        if (config.GetValue("Reminders:Enabled", true))
            builder.EventStoreConfiguration().SubscribeToEventsWithServices<ReminderPlanning>(ServiceLifetime.Scoped);
        return builder;
    }

    public static WebApplication MapReminders(this WebApplication app)
    {
        var me = app.MapGroup("/api/me").RequireAuthorization(Policies.OwnReminders).WithTags("Reminders");
        MyReminders.Map(me);
        CalendarFeedEndpoints.MapMe(me);
        CalendarFeedEndpoints.MapFeed(app);
        CaseReminders.Map(app);
        return app;
    }
}
