using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Analytics;

/// <summary>The analysts' pseudonymous SQL tables (a read model), their read-only role, and the team dashboard built on them.</summary>
public static class AnalyticsSetup
{
    public static WebApplicationBuilder AddAnalytics(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var familyPlanDays = config.GetValue("Reminders:FamilyPlanCheckInDays", CheckInScheduleState.DefaultFamilyPlanCheckInDays);
        var analytics = config.GetSection("Analytics").Get<AnalyticsOptions>() ?? new AnalyticsOptions();
        var pseudonyms = new Pseudonyms(analytics.PseudonymKey
            ?? throw new InvalidOperationException("Configure Analytics:PseudonymKey (at least 32 characters) for the analytics pseudonyms."));
        builder.Services.Configure<AnalyticsOptions>(config.GetSection("Analytics"));
        builder.Services.AddReadModel(new ReadModel(AnalyticsProjection.Name,
            (opts, composite) => AnalyticsProjection.Register(opts, composite, pseudonyms, familyPlanDays),
            new AnalyticsReprojection(pseudonyms, familyPlanDays)));
        builder.Services.AddSingleton<ISchemaPart, AnalystRoleSetup>();
        return builder;
    }

    public static WebApplication MapAnalytics(this WebApplication app)
    {
        GetTeamDashboard.Map(app);
        return app;
    }
}
