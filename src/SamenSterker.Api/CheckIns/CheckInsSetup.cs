using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.CheckIns;

/// <summary>The check-in conversation (seed 000): recording it, and the scores over time (trends, signals, the chart).</summary>
public static class CheckInsSetup
{
    public static WebApplicationBuilder AddCheckIns(this WebApplicationBuilder builder)
    {
        builder.Services.AddEvents(typeof(CheckInHeld), typeof(ScoreGiven), typeof(ScoreCorrected), typeof(CheckInDateCorrected),
            typeof(AgreementMade), typeof(AgreementReviewed), typeof(AgreementCorrected));
        builder.Services.AddSingleton<ChartDrawing>();
        builder.Services.AddReadModel<CaseScores>(CaseScoresProjection.ProjectionName, c => c.Add(new CaseScoresProjection()));
        return builder;
    }

    public static WebApplication MapCheckIns(this WebApplication app)
    {
        var cases = app.CaseRoutes("Check-ins");
        RecordCheckIn.Map(cases);
        GetTrends.Map(cases);
        TrendsChart.Map(cases);
        return app;
    }
}
