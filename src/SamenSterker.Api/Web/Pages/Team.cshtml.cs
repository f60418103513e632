using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using SamenSterker.Access;
using SamenSterker.Analytics;
using SamenSterker.Platform;

namespace SamenSterker.Web.Pages;

/// <summary>The team lead's overview of the own team: check-ins on time per month, mean scores per side, what is overdue.</summary>
public sealed class TeamModel(IQuerySession session, NpgsqlDataSource db, AmsterdamCalendar calendar, UserDirectory directory) : PageModel
{
    public string TeamId { get; private set; } = "";
    public TeamDashboard? Dashboard { get; private set; }

    /// <summary>How often and when the team talked the Praatplaat through (seed 002), with colleagues and with families.</summary>
    public Praatplaat.TeamReflections? Reflections { get; private set; }

    /// <summary>The names of the professionals on this page.</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Team() is not { } team || !Policies.MayLeadTeam(User, team)) return Redirect("/geen-toegang");
        TeamId = team;
        var today = calendar.Today;
        Dashboard = await GetTeamDashboard.Build(session, db, HttpContext, team, new DateOnly(today.Year, today.Month, 1).AddMonths(-11), today, today, ct);
        Names = await directory.NamesOf(Dashboard?.OverdueCases.Select(c => c.Casusregie) ?? [], ct);
        Reflections = await Praatplaat.TeamReflectionCount.Of(db, team, new DateOnly(today.Year, today.Month, 1).AddMonths(-11), ct);
        return Page();
    }

    /// <summary>An SVG text label (Razor reserves the text tag), its content encoded.</summary>
    public static string SvgText(int x, int y, int size, string content, string anchor = "middle", string fill = "#1b1f24") =>
        $"<text x=\"{x}\" y=\"{y}\" text-anchor=\"{anchor}\" font-size=\"{size}\" fill=\"{fill}\">{System.Net.WebUtility.HtmlEncode(content)}</text>";

    public string MonthLong(string month) => Parse(month)?.ToString("MMMM yyyy", WebSetup.Dutch) ?? month;

    public string MonthShort(string month) => Parse(month)?.ToString("MMM yy", WebSetup.Dutch) ?? month;

    private static DateOnly? Parse(string month) =>
        DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
