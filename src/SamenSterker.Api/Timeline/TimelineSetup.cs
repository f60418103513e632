using SamenSterker.Cases;

namespace SamenSterker.Timeline;

/// <summary>A case's history in words, for the professional: read from its events on request.</summary>
public static class TimelineSetup
{
    public static WebApplication MapTimeline(this WebApplication app)
    {
        GetTimeline.Map(app.CaseRoutes("Cases"));
        return app;
    }
}
