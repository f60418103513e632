using Marten;
using Marten.Pagination;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Platform;

namespace SamenSterker.Caseload;

public sealed record CaseListItem(Guid Id, string ClientReference, string ClientName, CaseKind Kind, string TeamId, string Casusregie,
    DateOnly OpenedOn, bool Closed, DateOnly? NextCheckInDue, DueReason? NextCheckInReason, int OpenAgreements, IReadOnlyList<Signal> LatestSignals,
    DateOnly? CasusregieHandedOverOn = null);

public sealed record CaseListPage(IReadOnlyList<CaseListItem> Items, int Page, int PageSize, long Total);

/// <summary>The case list (the caller's own team; every team for an auditor): filter by team, professional (casusregie), status and a search on reference or name.</summary>
public static class ListCases
{
    public const int MaxPageSize = 200;
    public const int MaxPage = 1_000_000;

    public static void Map(RouteGroupBuilder cases) => cases
        .MapGet("", async (string? team, string? professional, string? status, string? q, int? page, int? pageSize,
            HttpContext http, IQuerySession session, CancellationToken ct) =>
        {
            // Bounded so that (page - 1) × pageSize stays an int: page 999999999 was a negative OFFSET, and a 500.
            if (page is < 1 or > MaxPage) return Problems.Invalid("page", $"'page' is between 1 and {MaxPage}.");
            if (pageSize is < 1 or > MaxPageSize) return Problems.Invalid("pageSize", $"'pageSize' is between 1 and {MaxPageSize}.");
            if (q is { Length: > 100 }) return Problems.Invalid("q", "'q' is at most 100 characters.");
            if (status is not (null or "open" or "closed" or "all")) return Problems.Invalid("status", "'status' is one of: open, closed, all.");

            var (access, found) = await Find(session, http, team, professional, status ?? "open", q, page ?? 1, pageSize ?? 25, ct);
            return found is null ? Policies.Answer(access, Guid.Empty) : TypedResults.Ok(found);
        })
        .WithName("ListCases")
        .WithSummary("The case list, paged, with the next check-in due and the latest signals")
        .Produces<CaseListPage>();

    /// <summary>
    /// The cases <paramref name="http"/>'s user may list (the own team; every team for an auditor), filtered: the API's
    /// list and the web app's "Mijn cliënten". The access log names the cases shown.
    /// </summary>
    public static async Task<(AccessDecision Access, CaseListPage? Found)> Find(IQuerySession session, HttpContext http, string? team,
        string? professional, string status, string? q, int page, int size, CancellationToken ct)
    {
        var access = Policies.DecideListing(http.User, team, out var teamId);
        if (access.Outcome != AccessOutcome.Allowed) return (access, null);

        IQueryable<CaseSummary> query = session.Query<CaseSummary>();
        if (teamId is not null) query = query.Where(c => c.TeamId == teamId);
        var lead = professional == "me" ? http.User.UserId() : professional;
        // A professional's cases: where they hold casusregie or procesregie, or keep the steunkring as its procesbegeleider.
        if (!string.IsNullOrWhiteSpace(lead)) query = query.Where(c => c.Casusregie == lead || c.Procesregie == lead || c.Procesbegeleider == lead);
        query = status switch
        {
            "open" => query.Where(c => !c.Closed),
            "closed" => query.Where(c => c.Closed),
            _ => query,
        };
        if (!string.IsNullOrWhiteSpace(q))
            query = query.Where(c => c.ClientReference.Contains(q, StringComparison.OrdinalIgnoreCase)
                                     || c.ClientName.Contains(q, StringComparison.OrdinalIgnoreCase));

        var found = await query.OrderBy(c => c.ClientReference).ThenBy(c => c.Id).ToPagedListAsync(page, size, ct);
        var items = found.Select(c => new CaseListItem(c.Id, c.ClientReference, c.ClientName, c.Kind, c.TeamId, c.Casusregie, c.OpenedOn,
            c.Closed, c.NextDueOn, c.NextDueReason, c.OpenAgreements, c.LatestSignals, c.CasusregieHandedOverOn)).ToList();
        http.RecordCasesShown(items.Select(i => i.Id));
        return (access, new CaseListPage(items, page, size, found.TotalItemCount));
    }
}
