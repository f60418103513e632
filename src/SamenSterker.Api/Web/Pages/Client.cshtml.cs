using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SamenSterker.Access;
using SamenSterker.Caseload;
using SamenSterker.Cases;
using SamenSterker.Platform;
using SamenSterker.Timeline;

namespace SamenSterker.Web.Pages;

/// <summary>One client: the case now, its agreements and steunkring, the trends chart and the latest of its timeline.</summary>
public sealed class ClientModel(IQuerySession session, Npgsql.NpgsqlDataSource db, AmsterdamCalendar calendar, IOptions<CheckInScheduleSettings> reminders, IStringLocalizer<Texts> texts,
    UserDirectory directory)
    : PageModel
{
    public CaseView? View { get; private set; }
    public IReadOnlyList<TimelineLine> Timeline { get; private set; } = [];

    /// <summary>The latest check-in as it was said: who took part, both sides with their words, the agreements.</summary>
    public CheckIns.CheckInConversation? Previous { get; private set; }
    public bool MayRecord { get; private set; }
    public bool MayAssignProcesbegeleider { get; private set; }
    public bool MayWriteCoreQuestions { get; private set; }

    /// <summary>The step the last Praatplaat reflection with the family ended in, until the next one looks back on it.</summary>
    public Praatplaat.OpenStep? OpenNetworkStep { get; private set; }

    /// <summary>The werkalliantie-monitor's latest moment (seed 003), both sides with their drawings; null before the first.</summary>
    public Alliance.AllianceMoment? LatestAllianceMoment { get; private set; }

    /// <summary>The short forms this user may use on this case (the API decides again on each write).</summary>
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public (string Css, string Words) Due { get; private set; }

    /// <summary>The names of the people named by their user id on this page (roles, who recorded what).</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public string NameOf(string? userId) => userId is null ? "—" : Names.GetValueOrDefault(userId, userId);

    /// <summary>How many check-ins the chart shows unless asked for all: eight fit a phone's width and still show a year or two.</summary>
    public const int ChartCheckIns = 8;

    /// <summary>The scores the chart shows, for the table beside it (and for a screen reader).</summary>
    public CheckIns.CaseTrends? Trends { get; private set; }
    public int CheckInsInAll { get; private set; }
    public PlannedMeeting? NextMeeting { get; private set; }
    public IReadOnlyList<OpenPlanAgreement> OpenPlanAgreements { get; private set; } = [];
    public bool AllShown { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? grafiek, CancellationToken ct)
    {
        // The same check as every API read: another team's case is not found.
        if (await session.LoadAsync<Case>(id, ct) is not { } c || Policies.Decide(User, c, CaseAction.Read).Outcome != AccessOutcome.Allowed)
            return NotFound();

        View = CaseView.Of(c, reminders.Value.FamilyPlanCheckInDays);
        // The scores belong to their check-in (and are in the chart): the page lists the facts around them.
        var serializer = session.DocumentStore.Options.Serializer();
        var facts = await CaseTimeline.LatestFacts(db, serializer, id, 15, ct);
        Previous = await CheckIns.CheckInConversation.Latest(db, serializer, c, ct);
        Names = await directory.NamesOf([c.Casusregie, c.Procesregie, c.Procesbegeleider, .. facts.Select(e => e.By), .. TimelineLines.UsersNamed(facts)], ct);
        var references = TimelineLines.NeedsReferences(facts) ? await CaseTimeline.References(db, serializer, id, ct) : CaseReferences.None;
        Timeline = TimelineLines.Of(facts, references, NameOf, texts);
        var trends = await CheckIns.GetTrends.Load(session, id, ct);
        CheckInsInAll = trends.CheckIns.Count;
        AllShown = grafiek == "alle" || CheckInsInAll <= ChartCheckIns;
        Trends = AllShown ? trends : CheckIns.TrendAnalysis.Last(trends, ChartCheckIns);
        MayRecord = Policies.May(User, c, CaseAction.RecordCheckIn);
        MayAssignProcesbegeleider = Policies.May(User, c, CaseAction.AssignProcesbegeleider);
        MayWriteCoreQuestions = Policies.May(User, c, CaseAction.RecordCoreQuestions);
        OpenNetworkStep = c.OpenNetworkStep;
        NextMeeting = c.NextMeeting;
        OpenPlanAgreements = c.OpenPlanAgreements;
        if (c.AllianceFeedbackCount + c.AllianceDrawingCount > 0)
            LatestAllianceMoment = (await Alliance.WerkalliantieMoments.Of(db, serializer, id, ct)).FirstOrDefault();
        Due = texts.Due(View.NextCheckInDue, calendar.Today);
        Actions = new[] { "steunkring", "momenten", "gezinsplan", "rollen", "afsluiten" }
            .Where(a => Policies.May(User, c, ActieModel.Target(a).Needs)).ToList();
        return Page();
    }
}
