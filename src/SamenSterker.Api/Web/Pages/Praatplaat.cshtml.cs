using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SamenSterker.Access;
using SamenSterker.Platform;
using SamenSterker.Praatplaat;

namespace SamenSterker.Web.Pages;

/// <summary>The Praatplaat (seed 002) with colleagues (the team's reflections) or alone (one's own).</summary>
public sealed class PraatplaatModel(IQuerySession session, AmsterdamCalendar calendar, IStringLocalizer<Texts> texts, UserDirectory directory) : PageModel
{
    public ReflectionPage Reflection { get; private set; } = null!;
    public string Met { get; private set; } = "";
    public string? Team { get; private set; }

    public async Task<IActionResult> OnGetAsync(string met, CancellationToken ct)
    {
        var setting = met switch { "collegas" => ReflectionSetting.Colleagues, "mezelf" => ReflectionSetting.Alone, _ => (ReflectionSetting?)null };
        if (setting is null) return NotFound();
        if (!(User.IsInRole(Roles.Professional) || User.IsInRole(Roles.TeamLead))) return Redirect("/geen-toegang");
        Met = met;
        Team = User.FindFirst("team")?.Value;
        var owner = HoldReflection.OwnerOf(User, setting.Value);
        var reflections = owner is null ? new Reflections(null, []) : await ReflectionsOf.Log(session, setting.Value, owner, ct);
        var names = await directory.NamesOf(reflections.Held.Select(r => r.RecordedBy), ct);
        Reflection = new ReflectionPage(setting.Value, "/api/me/praatplaat-reflections", reflections, owner is not null, calendar.Today,
            texts.ProblemTexts(), names);
        return Page();
    }
}
