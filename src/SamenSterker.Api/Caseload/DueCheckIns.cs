using Marten;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Caseload;

public sealed record DueCheckIn(Guid CaseId, string ClientReference, string ClientName, string TeamId, string Casusregie,
    DateOnly DueOn, DueReason Reason, int DaysOverdue);

public sealed record DueCheckIns(DateOnly Today, int Within, string? Team, string? Professional,
    IReadOnlyList<DueCheckIn> Overdue, IReadOnlyList<DueCheckIn> DueSoon);

/// <summary>Which agreed check-ins are overdue, and which fall due in the coming days.</summary>
public static class ListDueCheckIns
{
    public static void Map(IEndpointRouteBuilder app) => app
        .MapGet("/api/check-ins/due", async (string? team, int? within, string? professional, HttpContext http,
            IQuerySession session, AmsterdamCalendar calendar, CancellationToken ct) =>
        {
            if (within is < 0 or > 366) return Problems.Invalid("within", "'within' is a number of days from 0 to 366.");
            var days = within ?? 14;
            var today = calendar.Today;
            var until = today.AddDays(days);
            var access = Policies.DecideListing(http.User, team, out var teamId);
            if (access.Outcome != AccessOutcome.Allowed) return Policies.Answer(access, Guid.Empty);
            var lead = professional == "me" ? http.User.UserId() : professional;

            IQueryable<CaseSummary> query = session.Query<CaseSummary>().Where(c => !c.Closed && c.NextDueOn != null && c.NextDueOn <= until);
            if (!string.IsNullOrWhiteSpace(teamId)) query = query.Where(c => c.TeamId == teamId);
            if (!string.IsNullOrWhiteSpace(lead)) query = query.Where(c => c.Casusregie == lead);
            var due = await query.OrderBy(c => c.NextDueOn).Take(1000).ToListAsync(ct);

            var items = due.Select(c => new DueCheckIn(c.Id, c.ClientReference, c.ClientName, c.TeamId, c.Casusregie, c.NextDueOn!.Value,
                c.NextDueReason!.Value, Math.Max(0, today.DayNumber - c.NextDueOn.Value.DayNumber))).ToList();
            http.RecordCasesShown(items.Select(i => i.CaseId));
            return TypedResults.Ok(new DueCheckIns(today, days, teamId, lead,
                items.Where(i => i.DueOn < today).ToList(), items.Where(i => i.DueOn >= today).ToList()));
        })
        .RequireAuthorization(Policies.ReadCases)
        .WithTags("Check-ins")
        .WithName("ListDueCheckIns")
        .WithSummary("Check-ins overdue and due in the coming days, per case; filter by team and professional (me)")
        .Produces<DueCheckIns>();
}
