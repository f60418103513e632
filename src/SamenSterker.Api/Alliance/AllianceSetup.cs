using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Alliance;

/// <summary>The werkalliantie-monitor (seed 003): both sides' feedback on the collaboration.</summary>
public static class AllianceSetup
{
    public static WebApplicationBuilder AddAlliance(this WebApplicationBuilder builder)
    {
        builder.Services.AddEvents(typeof(AllianceFeedbackGiven));
        return builder;
    }

    public static WebApplication MapAlliance(this WebApplication app)
    {
        GiveAllianceFeedback.Map(app.CaseRoutes("Werkalliantie"));
        return app;
    }
}
