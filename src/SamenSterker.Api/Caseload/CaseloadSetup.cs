using Marten;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Caseload;

/// <summary>
/// A professional's and a team's cases: the case list (the most urgent first), one case as it stands (everything every
/// capability keeps in it), and the check-ins due. Reads across every capability; nothing on the write side depends on it.
/// </summary>
public static class CaseloadSetup
{
    public static WebApplicationBuilder AddCaseload(this WebApplicationBuilder builder)
    {
        var familyPlanDays = builder.Configuration.GetValue("Reminders:FamilyPlanCheckInDays", CheckInScheduleState.DefaultFamilyPlanCheckInDays);
        builder.Services.AddReadModel<CaseSummary>(CaseSummaryProjection.ProjectionName, c => c.Add(new CaseSummaryProjection(familyPlanDays)));
        builder.Services.ConfigureMarten(opts => opts.Schema.For<CaseSummary>().Duplicate(x => x.TeamId).Duplicate(x => x.Casusregie).Duplicate(x => x.Procesregie).Duplicate(x => x.Procesbegeleider));
        return builder;
    }

    public static WebApplication MapCaseload(this WebApplication app)
    {
        var cases = app.CaseRoutes("Cases");
        ListCases.Map(cases);
        GetCase.Map(cases);
        ListDueCheckIns.Map(app);
        return app;
    }
}
