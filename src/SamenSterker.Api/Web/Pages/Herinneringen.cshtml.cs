using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SamenSterker.Access;
using SamenSterker.Platform;
using SamenSterker.Reminders;

namespace SamenSterker.Web.Pages;

/// <summary>My reminders (the in-app inbox), marking one read, and the calendar feed's secret link to copy.</summary>
public sealed class HerinneringenModel(IQuerySession session, IOptions<ReminderSettings> settings, CalendarFeedTokens tokens) : PageModel
{
    public Inbox Inbox { get; private set; } = new(0, []);
    public string? FeedUrl { get; private set; }

    /// <summary>The client of each reminder's case, by name (when this user may still read the case; else the dossier number).</summary>
    public IReadOnlyDictionary<Guid, string> Clients { get; private set; } = new Dictionary<Guid, string>();

    public string ClientOf(InboxEntry r) => Clients.TryGetValue(r.CaseId, out var name) ? $"{name} ({r.CaseReference})" : r.CaseReference;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Professional) && !User.IsInRole(Roles.TeamLead)) return Redirect("/geen-toegang");
        Inbox = await MyReminders.Load(session, User.UserId(), 100, ct);
        if (Inbox.Items.Count > 0)
            Clients = (await session.LoadManyAsync<Cases.Case>(ct, Inbox.Items.Select(i => i.CaseId).Distinct().ToArray()))
                .Where(c => Policies.Decide(User, c, CaseAction.Read).Outcome == AccessOutcome.Allowed)
                .ToDictionary(c => c.Id, c => c.ClientName);
        if (await session.LoadAsync<CalendarFeed>(User.UserId(), ct) is { } feed && tokens.Open(feed) is { } token)
            FeedUrl = CalendarFeedEndpoints.UrlOf(settings.Value, token);
        return Page();
    }
}
