using SamenSterker.Access;
using SamenSterker.Agreements;
using SamenSterker.Alliance;
using SamenSterker.AnswerLinks;
using SamenSterker.Analytics;
using SamenSterker.Audit;
using SamenSterker.Caseload;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.SummaryLinks;
using SamenSterker.Corrections;
using SamenSterker.Operations;
using SamenSterker.Platform;
using SamenSterker.Praatplaat;
using SamenSterker.Privacy;
using SamenSterker.Reminders;
using SamenSterker.Steunkring;
using SamenSterker.Timeline;
using SamenSterker.Web;

// Samen Sterker: one ASP.NET Core host for the API and the web app. This file is the table of contents; each capability
// registers and maps itself (CONTRIBUTING.md has the map of the folders).
if (await Commands.RunWithoutHost(args) is { } done) return done;

var app = Program.Build(args);
if (await Commands.Run(app, args) is { } exitCode) return exitCode;

// The pipeline, in order.
app.UseProxyHeadersWhenBehindOne();
app.UseCorrelationIds();
app.UseSecurityHeaders();
app.UseWebStaticFiles();
app.UseHttpContract();
app.UseAuthentication();
app.UseAntiforgeryForCookieWrites();
app.UseAccessLog();
app.UseAuthorization();
app.UseRateLimiter();
app.UseUserProfiles();

// The endpoints, capability by capability.
app.MapPlatform();
app.MapCases();
app.MapCaseload();
app.MapTimeline();
app.MapCheckIns();
app.MapAnswerLinks();
app.MapSummaryLinks();
app.MapAgreements();
app.MapSteunkring();
app.MapAlliance();
app.MapPraatplaat();
app.MapAudit();
app.MapCorrections();
app.MapAnalytics();
app.MapReminders();
app.MapOperations();
app.MapPrivacy();
app.MapWeb();

app.Run();
return 0;

public partial class Program
{
    /// <summary>The services, capability by capability (the commands and the seed tool build the same host without serving).</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        Commands.Prepare(builder, args);
        builder.AddPlatform();      // logging, the HTTP contract, the event store, messaging, the clock, health
        builder.AddAccess();        // tokens, the web app's sign-in, who may do what
        builder.AddCases();         // the case stream and its write path
        builder.AddCheckIns();
        builder.AddAnswerLinks();   // the client answers on their own phone
        builder.AddSummaryLinks();  // the family keeps the summary on their own phone
        builder.AddAgreements();
        builder.AddSteunkring();
        builder.AddAlliance();
        builder.AddPraatplaat();
        builder.AddPrivacy();
        builder.AddCaseload();
        builder.AddAudit();
        builder.AddAnalytics();
        builder.AddReminders();
        builder.AddOperations();
        builder.AddWeb();
        return builder.Build();
    }
}
