using SamenSterker.Cases;
using Marten;
using SamenSterker.Platform;

namespace SamenSterker.Alliance;

/// <summary>The werkalliantie-monitor (seed 003): both sides' feedback on the collaboration.</summary>
public static class AllianceSetup
{
    public static WebApplicationBuilder AddAlliance(this WebApplicationBuilder builder)
    {
        builder.Services.AddEvents(typeof(AllianceFeedbackGiven), typeof(AllianceDrawingAdded), typeof(AllianceTeamReflectionHeld));
        builder.Services.ConfigureMarten(opts => opts.Schema.For<AllianceDrawing>().Duplicate(x => x.CaseId));
        builder.Services.AddSingleton<Privacy.IErasureStep, ForgetDrawingsOnErasure>();
        return builder;
    }

    public static WebApplication MapAlliance(this WebApplication app)
    {
        var cases = app.CaseRoutes("Werkalliantie");
        GiveAllianceFeedback.Map(cases);
        AddAllianceDrawing.Map(cases);
        AddAllianceDrawing.MapImage(cases);
        WerkalliantieMoments.Map(cases);
        TeamReflection.Map(app.MapGroup("/api/me").RequireAuthorization(Access.Policies.OwnReminders).WithTags("Werkalliantie"));
        return app;
    }
}
