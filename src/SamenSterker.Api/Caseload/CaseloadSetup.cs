using Marten;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Caseload;

/// <summary>
/// A professional's and a team's cases at a glance: the case list (the most urgent first) and the check-ins due. A read
/// model over every capability's events; nothing on the write side depends on it.
/// </summary>
public static class CaseloadSetup
{
    public static WebApplicationBuilder AddCaseload(this WebApplicationBuilder builder)
    {
        var familyPlanDays = builder.Configuration.GetValue("Reminders:FamilyPlanCheckInDays", CheckInScheduleState.DefaultFamilyPlanCheckInDays);
        builder.Services.AddReadModel<CaseSummary>(CaseSummaryProjection.ProjectionName, c => c.Add(new CaseSummaryProjection(familyPlanDays)));
        builder.Services.ConfigureMarten(opts => opts.Schema.For<CaseSummary>().Duplicate(x => x.TeamId).Duplicate(x => x.Casusregie));
        return builder;
    }

    public static WebApplication MapCaseload(this WebApplication app)
    {
        ListCases.Map(app.CaseRoutes("Cases"));
        ListDueCheckIns.Map(app);
        return app;
    }
}
