using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SamenSterker.Access;
using SamenSterker.Platform;
using SamenSterker.Reminders;

namespace SamenSterker.Web.Pages;

/// <summary>My reminders (the in-app inbox), marking one read, and the calendar feed's secret link to copy.</summary>
public sealed class HerinneringenModel(IQuerySession session, IOptions<ReminderSettings> settings) : PageModel
{
    public Inbox Inbox { get; private set; } = new(0, []);
    public string? FeedUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Professional) && !User.IsInRole(Roles.TeamLead)) return Redirect("/geen-toegang");
        Inbox = await MyReminders.Load(session, User.UserId(), 100, ct);
        if (await session.LoadAsync<CalendarFeed>(User.UserId(), ct) is { } feed) FeedUrl = CalendarFeedEndpoints.UrlOf(settings.Value, feed.Token);
        return Page();
    }
}
