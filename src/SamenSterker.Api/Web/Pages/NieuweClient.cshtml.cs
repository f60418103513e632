using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SamenSterker.Access;
using SamenSterker.Platform;

namespace SamenSterker.Web.Pages;

/// <summary>A new client: the form sends what <c>POST /api/cases</c> takes, for the professional's own team.</summary>
public sealed class NieuweClientModel(AmsterdamCalendar calendar, IStringLocalizer<Texts> texts) : PageModel
{
    public DateOnly Today => calendar.Today;
    public string TeamId { get; private set; } = "";
    public string Me => User.UserId();

    public string ProblemTexts => texts.ProblemTexts();

    public IActionResult OnGet()
    {
        // Opening a case is a professional's, for the own team (the API decides the same).
        if (!User.IsInRole(Roles.Professional) || User.Team() is not { } team) return Redirect("/geen-toegang");
        TeamId = team;
        return Page();
    }
}
