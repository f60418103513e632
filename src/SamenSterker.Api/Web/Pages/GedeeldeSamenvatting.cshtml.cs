using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SamenSterker.Access;
using SamenSterker.Audit;
using SamenSterker.Cases;
using SamenSterker.SummaryLinks;

namespace SamenSterker.Web.Pages;

/// <summary>
/// One check-in's summary on the family's own phone, reached by its link (SummaryLinks): the same sheet as the signed-in
/// page, nothing else of the case. A link that is unknown, withdrawn or expired says so in words (404 or 410), and
/// nothing of a case. Each opening is in the access log under the link.
/// </summary>
[IgnoreAntiforgeryToken] // nothing is posted to this page
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(AnswerLinks.AnswerOnOwnPhone.RateLimit)] // guessing is slowed, as for answer links
public sealed class GedeeldeSamenvattingModel(IQuerySession session, Npgsql.NpgsqlDataSource db, IOptions<CheckInScheduleSettings> schedule,
    UserDirectory directory, TimeProvider time) : PageModel
{
    public SummarySheet? Sheet { get; private set; }

    public async Task<IActionResult> OnGetAsync(string secret, CancellationToken ct)
    {
        var link = await SummaryLink.Find(session, secret, ct);
        if (link is not null) HttpContext.AttributeAccessTo($"summary-link:{link.Id}", link.CaseId, link.TeamId);
        if (link is null || !link.WorksAt(time.GetUtcNow()) || await session.LoadAsync<Case>(link.CaseId, ct) is not { ErasedOn: null } c)
        {
            Response.StatusCode = link is null ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
            return Page();
        }
        Sheet = await SummarySheet.Load(session, db, schedule.Value.FamilyPlanCheckInDays, directory, c, link.CheckInId, ct);
        if (Sheet is null) Response.StatusCode = StatusCodes.Status410Gone;
        return Page();
    }
}
