using JasperFx.Events.Projections;
using Marten;
using SamenSterker.Access;
using SamenSterker.Platform;

namespace SamenSterker.Cases;

/// <summary>The case itself: its stream and the write path every capability writes through, opening, reading, the check-in
/// moments, family plans, roles, closing.</summary>
public static class CasesSetup
{
    public static WebApplicationBuilder AddCases(this WebApplicationBuilder builder)
    {
        builder.Services.AddEvents(typeof(CaseOpened), typeof(CheckInMomentsAgreed), typeof(FamilyPlanSet), typeof(RoleAssigned), typeof(CaseClosed),
            typeof(PersonalDataErased), typeof(SharedApproachAgreed));
        // Inline: the write model, updated in the same transaction as the events, so a command loads the case in one query.
        builder.Services.ConfigureMarten(opts =>
            opts.Projections.Snapshot<Case>(SnapshotLifecycle.Inline, asyncConfiguration: EventStore.InLargeSlices)); // the slices: for a rebuild
        builder.Services.AddScoped<CaseWriter>();
        builder.Services.AddScoped<Validation.IPreconditionFirst>(services => services.GetRequiredService<CaseWriter>());
        builder.Services.Configure<CheckInScheduleSettings>(builder.Configuration.GetSection("Reminders"));
        return builder;
    }

    /// <summary>Every read and write of one case: <c>/api/cases/{id}/…</c>, behind the read-access filter.</summary>
    public static RouteGroupBuilder CaseRoutes(this IEndpointRouteBuilder app, string tag) =>
        app.MapGroup("/api/cases").RequireAuthorization(Policies.ReadCases).RequireCaseReadAccess().WithTags(tag);

    public static WebApplication MapCases(this WebApplication app)
    {
        var cases = app.CaseRoutes("Cases");
        OpenCase.Map(cases);
        AgreeCheckInMoments.Map(cases);
        SetFamilyPlan.Map(cases);
        AssignRoles.Map(cases);
        CloseCase.Map(cases);
        AgreeSharedApproach.Map(cases);
        return app;
    }
}
