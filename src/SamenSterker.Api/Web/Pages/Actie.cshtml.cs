using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SamenSterker.Access;
using SamenSterker.Caseload;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Web.Pages;

/// <summary>
/// The short forms for a client: someone joins the steunkring, roles are handed over, check-in moments agreed, a
/// gezinsplan recorded, the case closed. Each form posts its fields as JSON to the API's own endpoint (api-form.js),
/// so the API's decision and validation apply unchanged and its messages are shown at the fields.
/// </summary>
public sealed class ActieModel(IQuerySession session, UserDirectory directory, AmsterdamCalendar calendar, IOptions<CheckInScheduleSettings> reminders,
    Microsoft.Extensions.Localization.IStringLocalizer<Texts> texts) : PageModel
{
    public Guid CaseId { get; private set; }
    public string Action { get; private set; } = "";
    public string ClientName { get; private set; } = "";
    public CaseView? View { get; private set; }
    public DateOnly Today => calendar.Today;
    public string ApiUrl { get; private set; } = "";
    public string Method { get; private set; } = "POST";

    /// <summary>The professionals of the case's team, by name: whom a role can go to, who in the steunkring uses the service.</summary>
    public IReadOnlyList<UserProfile> Colleagues { get; private set; } = [];
    /// <summary>Names of the people who hold the case's roles now (also when they are not in the team's list).</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public string ProblemTexts => texts.ProblemTexts();

    /// <summary>What each form does: its endpoint, its method, and the access the API will ask for.</summary>
    public static (string Path, string Method, CaseAction Needs) Target(string action) => action switch
    {
        "steunkring" => ("steunkring/members", "POST", CaseAction.KeepSteunkring),
        "rollen" => ("roles", "PUT", CaseAction.HandOver),
        "momenten" => ("check-in-moments", "PUT", CaseAction.AgreeCheckInMoments),
        "gezinsplan" => ("family-plans", "POST", CaseAction.SetFamilyPlan),
        "afsluiten" => ("close", "POST", CaseAction.Close),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public async Task<IActionResult> OnGetAsync(Guid id, string form, CancellationToken ct)
    {
        if (await session.ReadableCase(User, id, ct) is not { } c) return NotFound();
        var (path, method, needs) = Target(form);
        // The API decides again on the write; here only so nobody is shown a form that will be refused.
        if (!Policies.May(User, c, needs)) return Redirect($"/clienten/{id}");

        CaseId = id;
        Action = form;
        ClientName = c.ClientName;
        View = CaseView.Of(c, reminders.Value.FamilyPlanCheckInDays);
        ApiUrl = $"/api/cases/{id}/{path}";
        Method = method;
        if (form is "rollen" or "steunkring")
        {
            Colleagues = await directory.ProfessionalsOf(c.TeamId, ct);
            Names = await directory.NamesOf([c.Casusregie, c.Procesregie], ct);
        }
        return Page();
    }
}
