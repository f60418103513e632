using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SamenSterker.Access;
using SamenSterker.Alliance;
using SamenSterker.Platform;

namespace SamenSterker.Web.Pages;

/// <summary>The werkalliantie-monitor's step 3 (seed 003): the team looks back on the dialogues with clients.</summary>
public sealed class WerkalliantieTeamModel(IQuerySession session, AmsterdamCalendar calendar, IStringLocalizer<Texts> texts, UserDirectory directory) : PageModel
{
    public string? Team { get; private set; }
    public IReadOnlyList<AllianceTeamReflectionView> Held { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();
    public DateOnly Today => calendar.Today;
    public string ProblemTexts => texts.ProblemTexts();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!(User.IsInRole(Roles.Professional) || User.IsInRole(Roles.TeamLead))) return Redirect("/geen-toegang");
        Team = User.Team();
        if (Team is not null) Held = await TeamReflection.Of(session, Team, ct);
        Names = await directory.NamesOf(Held.Select(h => h.RecordedBy), ct);
        return Page();
    }
}
