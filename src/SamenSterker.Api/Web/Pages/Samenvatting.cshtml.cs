using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SamenSterker.Access;
using SamenSterker.Cases;

namespace SamenSterker.Web.Pages;

/// <summary>
/// A check-in as the family takes it home, on one A4 (wwwroot/css/app.css, <c>@media print</c>): who took part, each
/// person's marks beside the professional's per question, their own words, how the previous agreement went, the
/// agreement (wat, wie, wanneer, hoe weten we dat het gelukt is) and when the next check-in is. Printed from the browser,
/// which also saves it as a PDF — one layout, not a second one drawn by a PDF library — or given to the family's own
/// phone as a link (SummaryLinks, the page /s/…).
/// </summary>
public sealed class SamenvattingModel(IQuerySession session, Npgsql.NpgsqlDataSource db, IOptions<CheckInScheduleSettings> schedule,
    UserDirectory directory) : PageModel
{
    public SummarySheet Sheet { get; private set; } = null!;
    public bool MayCorrect { get; private set; }
    public bool MayShare { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid checkInId, CancellationToken ct)
    {
        if (await session.ReadableCase(User, id, ct) is not { } c) return NotFound();
        if (await SummarySheet.Load(session, db, schedule.Value.FamilyPlanCheckInDays, directory, c, checkInId, ct) is not { } sheet) return NotFound();
        Sheet = sheet;
        MayCorrect = Policies.DecideChange(User, c, CaseAction.Correct, sheet.RecordedBy).Outcome == AccessOutcome.Allowed && !c.Closed;
        MayShare = Policies.DecideChange(User, c, CaseAction.RecordCheckIn).Outcome == AccessOutcome.Allowed;
        return Page();
    }
}
