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
public sealed class ClientModel(IQuerySession session, Npgsql.NpgsqlDataSource db, AmsterdamCalendar calendar, IOptions<CheckInScheduleSettings> reminders, IStringLocalizer<Texts> texts)
    : PageModel
{
    public CaseView? View { get; private set; }
    public IReadOnlyList<TimelineEntryView> Timeline { get; private set; } = [];

    /// <summary>The latest check-in as it was said: who took part, both sides with their words, the agreements.</summary>
    public CheckIns.CheckInConversation? Previous { get; private set; }
    public bool MayRecord { get; private set; }

    /// <summary>The short forms this user may use on this case (the API decides again on each write).</summary>
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public (string Css, string Words) Due { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        // The same check as every API read: another team's case is not found.
        if (await session.LoadAsync<Case>(id, ct) is not { } c || Policies.Decide(User, c, CaseAction.Read).Outcome != AccessOutcome.Allowed)
            return NotFound();

        View = CaseView.Of(c, reminders.Value.FamilyPlanCheckInDays);
        // The scores belong to their check-in (and are in the chart): the page lists the facts around them.
        Timeline = await CaseTimeline.LatestFacts(db, session.DocumentStore.Options.Serializer(), id, 15, ct);
        Previous = await CheckIns.CheckInConversation.Latest(db, session.DocumentStore.Options.Serializer(), c, ct);
        MayRecord = Policies.May(User, c, CaseAction.RecordCheckIn);
        Due = texts.Due(View.NextCheckInDue, calendar.Today);
        Actions = new[] { "steunkring", "momenten", "gezinsplan", "rollen", "afsluiten" }
            .Where(a => Policies.May(User, c, ActieModel.Target(a).Needs)).ToList();
        return Page();
    }
}
