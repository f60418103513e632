using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SamenSterker.Access;
using SamenSterker.Platform;

namespace SamenSterker.Web.Pages;

/// <summary>
/// The check-in conversation, one screen after another (wwwroot/js/checkin.js). The page hands the script what it
/// needs (the open agreements, the texts); the script posts the whole check-in to the API's own endpoint
/// (<c>POST /api/cases/{id}/check-ins</c>) as one request, and keeps it on the device until the API has it.
/// </summary>
public sealed class CheckInModel(IQuerySession session, AmsterdamCalendar calendar, IStringLocalizer<Texts> texts) : PageModel
{
    public Guid CaseId { get; private set; }
    public string ClientName { get; private set; } = "";
    public string ConfigJson { get; private set; } = "{}";

    private static readonly string[] Questions = ["omgang", "luisteren", "contact", "gezinsplan", "afspraken"];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await session.ReadableCase(User, id, ct) is not { } c) return NotFound();
        if (!Policies.May(User, c, CaseAction.RecordCheckIn))
            return Redirect($"/clienten/{id}");

        CaseId = id;
        ClientName = c.ClientName;
        var text = texts.GetAllStrings(includeParentCultures: true)
            .Where(s => s.Name.StartsWith("CheckIn.", StringComparison.Ordinal) || s.Name.StartsWith("Question", StringComparison.Ordinal))
            .ToDictionary(s => s.Name, s => s.Value);
        ConfigJson = JsonSerializer.Serialize(new
        {
            caseId = id,
            today = calendar.Today.ToString("yyyy-MM-dd"),
            openedOn = c.OpenedOn.ToString("yyyy-MM-dd"),
            user = User.UserId(),
            questions = Questions,
            openAgreements = c.OpenAgreements.Select(a => new { a.AgreementId, a.What, a.Who, byWhen = WebSetup.Date(a.ByWhen) }),
            text,
        }, JsonSerializerOptions.Web);
        return Page();
    }
}
