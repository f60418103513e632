using Marten;
using SamenSterker.Access;
using SamenSterker.Caseload;
using SamenSterker.Cases;
using SamenSterker.CheckIns;

namespace SamenSterker.Web;

/// <summary>
/// What one check-in's summary shows (Pages/Shared/_SummarySheet.cshtml): the client's name, the conversation, the
/// people of the client's side then the professional (the columns of the marks), the next check-in when this is the
/// latest, and the professional who recorded it by name.
/// </summary>
public sealed record SummarySheet(Guid CaseId, string ClientName, CheckInConversation Conversation, IReadOnlyList<SaidBy> Columns,
    DateOnly? NextCheckIn, string Professional, string? RecordedBy)
{
    /// <summary>Three round trips: the conversation, who recorded it, their name.</summary>
    public static async Task<SummarySheet?> Load(IQuerySession session, Npgsql.NpgsqlDataSource db, int familyPlanCheckInDays, UserDirectory directory,
        Case c, Guid checkInId, CancellationToken ct)
    {
        if (await CheckInConversation.Of(db, session.DocumentStore.Options.Serializer(), c, checkInId, ct) is not { } conversation) return null;
        var recordedBy = await CheckInConversation.RecordedBy(db, c.Id, checkInId, ct);
        return new SummarySheet(c.Id, c.ClientName, conversation,
            [.. conversation.People.Where(p => p.Side == RespondentSide.Client), .. conversation.People.Where(p => p.Side == RespondentSide.Professional)],
            // The next check-in as planned now; for an older check-in, only when it is still the latest.
            c.LastCheckInId == checkInId ? CaseView.Of(c, familyPlanCheckInDays).NextCheckInDue : null,
            recordedBy is null ? "" : (await directory.NamesOf([recordedBy], ct)).GetValueOrDefault(recordedBy, ""),
            recordedBy);
    }
}
