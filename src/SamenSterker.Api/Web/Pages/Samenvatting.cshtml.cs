using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SamenSterker.Access;
using SamenSterker.Caseload;
using SamenSterker.Cases;
using SamenSterker.CheckIns;

namespace SamenSterker.Web.Pages;

/// <summary>
/// A check-in as the family takes it home, on one A4 (wwwroot/css/app.css, <c>@media print</c>): who took part, each
/// person's marks beside the professional's per question, their own words, how the previous agreement went, the
/// agreement (wat, wie, wanneer, hoe weten we dat het gelukt is) and when the next check-in is. Printed from the browser,
/// which also saves it as a PDF — one layout, not a second one drawn by a PDF library.
/// </summary>
public sealed class SamenvattingModel(IQuerySession session, Npgsql.NpgsqlDataSource db, IOptions<CheckInScheduleSettings> schedule,
    UserDirectory directory) : PageModel
{
    public Case Case { get; private set; } = null!;
    public CheckInConversation Conversation { get; private set; } = null!;
    public DateOnly? NextCheckIn { get; private set; }
    public string Professional { get; private set; } = "";
    public bool MayCorrect { get; private set; }

    /// <summary>The people of the client's side, then the professional: the columns of the marks.</summary>
    public IReadOnlyList<SaidBy> Columns { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, Guid checkInId, CancellationToken ct)
    {
        if (await session.ReadableCase(User, id, ct) is not { } c) return NotFound();
        if (await CheckInConversation.Of(db, session.DocumentStore.Options.Serializer(), c, checkInId, ct) is not { } conversation)
            return NotFound();
        Case = c;
        Conversation = conversation;
        Columns = [.. conversation.People.Where(p => p.Side == RespondentSide.Client), .. conversation.People.Where(p => p.Side == RespondentSide.Professional)];
        // The next check-in as planned now; for an older check-in, only when it is still the latest.
        NextCheckIn = c.LastCheckInId == checkInId ? CaseView.Of(c, schedule.Value.FamilyPlanCheckInDays).NextCheckInDue : null;
        var recordedBy = await CheckInConversation.RecordedBy(db, id, checkInId, ct);
        MayCorrect = Policies.DecideChange(User, c, CaseAction.Correct, recordedBy).Outcome == AccessOutcome.Allowed && !c.Closed;
        Professional = recordedBy is null ? "" : (await directory.NamesOf([recordedBy], ct)).GetValueOrDefault(recordedBy, "");
        return Page();
    }
}
