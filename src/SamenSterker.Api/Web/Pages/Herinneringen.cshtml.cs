using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SamenSterker.Access;
using SamenSterker.Platform;
using SamenSterker.Reminders;

namespace SamenSterker.Web.Pages;

/// <summary>My reminders (the in-app inbox), marking one read, and the calendar feed's secret link to copy.</summary>
public sealed class HerinneringenModel(IQuerySession session, IOptions<ReminderSettings> settings, CalendarFeedTokens tokens,
    IOptions<Cases.CheckInScheduleSettings> schedule, UserDirectory directory, Microsoft.Extensions.Localization.IStringLocalizer<Texts> texts) : PageModel
{
    public Inbox Inbox { get; private set; } = new(0, []);
    public string? FeedUrl { get; private set; }

    /// <summary>The client of each reminder's case, by name (when this user may still read the case; else the dossier number).</summary>
    public IReadOnlyDictionary<Guid, string> Clients { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>What became of a reminder since it was sent, in words (null while it still stands): a reminder stays in the
    /// inbox as it was sent, but nobody should chase a check-in that was held or a case that is now a colleague's.</summary>
    public IReadOnlyDictionary<Guid, string> Since { get; private set; } = new Dictionary<Guid, string>();

    public string ClientOf(InboxEntry r) => Clients.TryGetValue(r.CaseId, out var name) ? $"{name} ({r.CaseReference})" : r.CaseReference;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Professional) && !User.IsInRole(Roles.TeamLead)) return Redirect("/geen-toegang");
        Inbox = await MyReminders.Load(session, User.UserId(), 100, ct);
        if (Inbox.Items.Count > 0)
        {
            var cases = (await session.LoadManyAsync<Cases.Case>(ct, Inbox.Items.Select(i => i.CaseId).Distinct().ToArray()))
                .Where(c => Policies.Decide(User, c, CaseAction.Read).Outcome == AccessOutcome.Allowed)
                .ToDictionary(c => c.Id);
            Clients = cases.ToDictionary(c => c.Key, c => c.Value.ClientName);
            var names = await directory.NamesOf(cases.Values.Select(c => c.Casusregie), ct);
            var since = new Dictionary<Guid, string>();
            foreach (var r in Inbox.Items)
                if (cases.TryGetValue(r.CaseId, out var c) && SinceSent(r, c, names) is { } words) since[r.ReminderId] = words;
            Since = since;
        }
        if (await session.LoadAsync<CalendarFeed>(User.UserId(), ct) is { } feed && tokens.Open(feed) is { } token)
            FeedUrl = CalendarFeedEndpoints.UrlOf(settings.Value, token);
        return Page();
    }

    private string? SinceSent(InboxEntry r, Cases.Case c, IReadOnlyDictionary<string, string> names)
    {
        if (c.Closed) return texts["Reminders.Since.Closed"];
        if (r.Kind == ReminderKind.SteunkringMeeting)
            return c.NextMeeting?.On == r.DueOn ? null : texts["Reminders.Since.MeetingMoved"];
        var next = Caseload.CaseView.Of(c, schedule.Value.FamilyPlanCheckInDays).NextCheckInDue;
        if (next != r.DueOn)
            return next is { } on ? texts.Text("Reminders.Since.NextDue", WebSetup.Date(on)) : texts["Reminders.Since.Handled"];
        if (c.Casusregie != User.UserId())
            return UserDirectory.KnownName(names, c.Casusregie) is { } name // a user id is never shown
                ? texts.Text("Reminders.Since.HandedOver", name) : texts["Reminders.Since.HandedOverColleague"];
        return null;
    }
}
