using SamenSterker.Cases;

namespace SamenSterker.Corrections;

/// <summary>Correcting a fact recorded wrongly with a new event (each capability keeps its own correction events).</summary>
public static class CorrectionsSetup
{
    public static WebApplication MapCorrections(this WebApplication app)
    {
        CorrectAFact.Map(app.CaseRoutes("Corrections"));
        return app;
    }
}
