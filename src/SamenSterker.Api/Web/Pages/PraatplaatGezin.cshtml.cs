using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;
using SamenSterker.Praatplaat;

namespace SamenSterker.Web.Pages;

/// <summary>The Praatplaat (seed 002) with the young person or the parents of one client.</summary>
public sealed class PraatplaatGezinModel(IQuerySession session, Npgsql.NpgsqlDataSource db, AmsterdamCalendar calendar, IStringLocalizer<Texts> texts, UserDirectory directory) : PageModel
{
    public ReflectionPage Reflection { get; private set; } = null!;
    public Case Case { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await session.ReadableCase(User, id, ct) is not { } c) return NotFound();
        Case = c;
        var reflections = await ReflectionsOf.Case(db, session, c, ct);
        var names = await directory.NamesOf(reflections.Held.Select(r => r.RecordedBy), ct);
        Reflection = new ReflectionPage(ReflectionSetting.Family, $"/api/cases/{id}/praatplaat-reflections", reflections,
            Policies.May(User, c, CaseAction.RecordCheckIn) && c.ClosedOn is null, calendar.Today, texts.ProblemTexts(), names);
        return Page();
    }
}
