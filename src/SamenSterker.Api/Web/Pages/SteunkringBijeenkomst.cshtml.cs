using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Web.Pages;

/// <summary>
/// Recording a steunkring meeting (seed 001): the plan's open agreements reviewed first, then the agenda (prepared with the
/// client), who came, and the plan's new agreements. Sent to POST /api/cases/{id}/steunkring/meetings, as an API client would.
/// </summary>
public sealed class SteunkringBijeenkomstModel(IQuerySession session, AmsterdamCalendar calendar, IStringLocalizer<Texts> texts) : PageModel
{
    public Case Case { get; private set; } = null!;
    public PlannedMeeting? Planned { get; private set; }
    public DateOnly Today => calendar.Today;
    public string ProblemTexts => texts.ProblemTexts();

    /// <summary>The day to suggest: the planned day once it has come, else today.</summary>
    public DateOnly HeldOn => Planned is { } p && p.On <= Today ? p.On : Today;

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? gepland, CancellationToken ct)
    {
        if (await session.ReadableCase(User, id, ct) is not { } c) return NotFound();
        if (!Policies.May(User, c, CaseAction.KeepSteunkring) || c.Closed) return Redirect($"/clienten/{id}/steunkring/proces");
        Case = c;
        Planned = gepland is { } meetingId ? c.PlannedMeetings.FirstOrDefault(m => m.MeetingId == meetingId) : null;
        if (gepland is not null && Planned is null) return NotFound();
        return Page();
    }
}
