using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SamenSterker.Access;
using SamenSterker.Caseload;
using SamenSterker.Platform;

namespace SamenSterker.Web.Pages;

/// <summary>Mijn cliënten: my open cases (a team lead: the team's; an auditor: all), next check-in due first in mind.</summary>
public sealed class IndexModel(IQuerySession session, AmsterdamCalendar calendar, IStringLocalizer<Texts> texts) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Scope { get; set; }

    public CaseListPage Cases { get; private set; } = new([], 1, ListCases.MaxPageSize, 0);
    public string Heading { get; private set; } = "";
    /// <summary>Who looks: "jij" in a signal is the professional only on their own cases.</summary>
    public string UserId => User.UserId();
    public bool CanChooseScope => User.IsInRole(Roles.Professional) || User.IsInRole(Roles.TeamLead);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // Only who may read cases through the API sees them here (a user with a team but no role sees none).
        if (!(User.IsInRole(Roles.Professional) || User.IsInRole(Roles.TeamLead) || User.IsInRole(Roles.Auditor))) return Redirect("/geen-toegang");
        // A professional starts with their own cases, a team lead with the team's.
        Scope ??= User.IsInRole(Roles.TeamLead) ? "team" : "mine";
        var mine = Scope == "mine" && CanChooseScope;
        var q = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim()[..Math.Min(Q.Trim().Length, 100)];
        var (_, found) = await ListCases.Find(session, HttpContext, null, mine ? "me" : null, "open", q, 1, ListCases.MaxPageSize, ct);
        // The most urgent first: overdue, then due soonest; not planned last.
        Cases = found is null ? Cases : found with
        {
            Items = found.Items.OrderBy(c => c.NextCheckInDue ?? DateOnly.MaxValue).ThenBy(c => c.ClientName, StringComparer.Create(WebSetup.Dutch, true)).ToList(),
        };
        Heading = mine ? texts["Clients.Title"] : User.Team() is { } team ? texts.Text("Clients.TeamTitle", WebSetup.Team(team)) : texts["Clients.AllTitle"];
        return Page();
    }

    /// <summary>The day a case became mine by a hand-over, when that was in the last four weeks.</summary>
    public DateOnly? NewWithMe(CaseListItem c) =>
        c.Casusregie == UserId && c.CasusregieHandedOverOn is { } on && on >= calendar.Today.AddDays(-28) ? on : null;

    public (string Css, string Words) Due(DateOnly? due) => texts.Due(due, calendar.Today);
}
