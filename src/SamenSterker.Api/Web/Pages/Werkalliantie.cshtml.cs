using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SamenSterker.Access;
using SamenSterker.Alliance;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Web.Pages;

/// <summary>
/// The werkalliantie-monitor of one client (seed 003): per moment, how the client and the professional experience the
/// help, side by side, in words, keywords and drawings; and the forms to add words or a photo of a drawing or collage —
/// sent to the API's own endpoints, as every form here.
/// </summary>
public sealed class WerkalliantieModel(IQuerySession session, Npgsql.NpgsqlDataSource db, AmsterdamCalendar calendar, IStringLocalizer<Texts> texts) : PageModel
{
    public Case Case { get; private set; } = null!;
    public IReadOnlyList<AllianceMoment> Moments { get; private set; } = [];
    public bool MayGive { get; private set; }
    public DateOnly Today => calendar.Today;
    public string ProblemTexts => texts.ProblemTexts();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await session.ReadableCase(User, id, ct) is not { } c) return NotFound();
        Case = c;
        Moments = await WerkalliantieMoments.Of(db, session.DocumentStore.Options.Serializer(), id, ct);
        MayGive = Policies.May(User, c, CaseAction.GiveAllianceFeedback);
        return Page();
    }
}
