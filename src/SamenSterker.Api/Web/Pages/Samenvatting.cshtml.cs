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

    /// <summary>The people of the client's side, then the professional: the columns of the marks.</summary>
    public IReadOnlyList<SaidBy> Columns { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, Guid checkInId, CancellationToken ct)
    {
        if (await session.LoadAsync<Case>(id, ct) is not { } c || Policies.Decide(User, c, CaseAction.Read).Outcome != AccessOutcome.Allowed)
            return NotFound();
        if (await CheckInConversation.Of(db, session.DocumentStore.Options.Serializer(), c, checkInId, ct) is not { } conversation)
            return NotFound();
        Case = c;
        Conversation = conversation;
        Columns = [.. conversation.People.Where(p => p.Side == RespondentSide.Client), .. conversation.People.Where(p => p.Side == RespondentSide.Professional)];
        // The next check-in as planned now; for an older check-in, only when it is still the latest.
        NextCheckIn = c.LastCheckInId == checkInId ? CaseView.Of(c, schedule.Value.FamilyPlanCheckInDays).NextCheckInDue : null;
        var recordedBy = await RecordedBy(id, checkInId, ct);
        Professional = recordedBy is null ? "" : (await directory.NamesOf([recordedBy], ct)).GetValueOrDefault(recordedBy, "");
        return Page();
    }

    /// <summary>Who recorded the check-in (the professional in the conversation), from its event's metadata.</summary>
    private async Task<string?> RecordedBy(Guid caseId, Guid checkInId, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            select user_name from {Platform.EventStore.Schema}.mt_events
            where stream_id = $1 and type = $2 and data ->> 'checkInId' = $3 limit 1
            """);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = caseId });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = Platform.EventStore.EventTypeName(typeof(CheckInHeld)) });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = checkInId.ToString() });
        return await command.ExecuteScalarAsync(ct) as string;
    }
}
