using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Platform;

namespace SamenSterker.Web.Pages;

/// <summary>
/// Correcting a check-in on screen (issue 23): a wrong score, the date, or the agreement made at it — each with its reason,
/// sent to the API's corrections endpoint (a new event that names what it corrects; the timeline shows it as a correction).
/// For a team lead and for whoever recorded the check-in, as the API decides.
/// </summary>
public sealed class CorrigerenModel(IQuerySession session, Npgsql.NpgsqlDataSource db, AmsterdamCalendar calendar, IStringLocalizer<Texts> texts) : PageModel
{
    public Case Case { get; private set; } = null!;
    public CheckInConversation Conversation { get; private set; } = null!;
    public DateOnly Today => calendar.Today;
    public string ProblemTexts => texts.ProblemTexts();

    public async Task<IActionResult> OnGetAsync(Guid id, Guid checkInId, CancellationToken ct)
    {
        if (await session.ReadableCase(User, id, ct) is not { } c) return NotFound();
        if (await CheckInConversation.Of(db, session.DocumentStore.Options.Serializer(), c, checkInId, ct) is not { } conversation)
            return NotFound();
        var recordedBy = await CheckInConversation.RecordedBy(db, id, checkInId, ct);
        if (Policies.DecideChange(User, c, CaseAction.Correct, recordedBy).Outcome != AccessOutcome.Allowed || c.Closed)
            return Redirect($"/clienten/{id}");
        Case = c;
        Conversation = conversation;
        return Page();
    }
}
