using SamenSterker.CheckIns;
using SamenSterker.Cases;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SamenSterker.Access;
using SamenSterker.AnswerLinks;
using SamenSterker.Platform;

namespace SamenSterker.Web.Pages;

/// <summary>
/// The check-in conversation, one screen after another (wwwroot/js/checkin.js). The page hands the script what it
/// needs (the open agreements, the texts); the script posts the whole check-in to the API's own endpoint
/// (<c>POST /api/cases/{id}/check-ins</c>) as one request, and keeps it on the device until the API has it.
/// </summary>
public sealed class CheckInModel(IQuerySession session, AmsterdamCalendar calendar, IStringLocalizer<Texts> texts, Npgsql.NpgsqlDataSource db,
    TimeProvider time) : PageModel
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
            .Where(s => s.Name.StartsWith("CheckIn.", StringComparison.Ordinal) || s.Name.StartsWith("Question", StringComparison.Ordinal) || s.Name == "Summary.Link")
            .ToDictionary(s => s.Name, s => s.Value);
        // What was said when the open agreement was made (at the latest check-in): the next conversation opens with it.
        var previous = await CheckInConversation.Latest(db, session.DocumentStore.Options.Serializer(), c, ct);
        var said = previous?.People.SelectMany(p => p.Answers
                .Where(a => !string.IsNullOrWhiteSpace(a.MostSatisfied) || !string.IsNullOrWhiteSpace(a.LeastSatisfied))
                .Select(a => new
                {
                    who = p.Side == RespondentSide.Professional ? texts["CheckIn.Summary.Professional"].Value : p.Name ?? texts["CheckIn.Role." + Words.Of(p.Role)].Value,
                    question = Words.Of(a.Question), most = a.MostSatisfied, least = a.LeastSatisfied,
                }))
            .ToList();
        // Links made before the meeting (sent the day before, or on another device): the check-in opens as that one.
        var now = time.GetUtcNow();
        var waiting = (await session.Query<AnswerLink>().Where(l => l.CaseId == id && l.UsedAt == null && l.WithdrawnAt == null).ToListAsync(ct))
            .Where(l => !c.CheckInFingerprints.ContainsKey(l.CheckInId) && l.StateAt(now) is AnswerLinkState.Open or AnswerLinkState.Answered)
            .GroupBy(l => l.CheckInId).MaxBy(g => g.Max(l => l.CreatedAt));
        ConfigJson = JsonSerializer.Serialize(new
        {
            prepared = waiting is null ? null : new
            {
                checkInId = waiting.Key,
                links = waiting.OrderBy(l => l.CreatedAt).Select(l => new
                {
                    linkId = l.Id, l.RespondentId, personId = c.People.Any(p => p.PersonId == l.PersonId) ? l.PersonId : (Guid?)null,
                    l.Name, role = Words.Of(l.Role), form = Words.Of(l.Form), expiresAt = l.ExpiresAt, emailed = l.EmailedAt is not null,
                }),
            },
            caseId = id,
            today = calendar.Today.ToString("yyyy-MM-dd"),
            openedOn = c.OpenedOn.ToString("yyyy-MM-dd"),
            kind = Words.Of(c.Kind),
            questions = Questions,
            people = c.People.Select(p => new { p.PersonId, name = p.Name, role = Words.Of(p.Role), form = Words.Of(p.Form) }),
            // Last time's client side, offered again: people of the case, or respondents from before it kept its people.
            lastCheckInId = c.LastCheckInId,
            last = c.LastRespondents.Where(r => r.Side == RespondentSide.Client)
                .Select(r => new { r.RespondentId, r.PersonId, name = r.Label, role = Words.Of(r.Role), form = Words.Of(r.Form) }),
            openAgreements = c.OpenAgreements.Select(a => new
            {
                a.AgreementId, a.What, a.Who, byWhen = WebSetup.Date(a.ByWhen), a.HowWeKnow, madeOn = WebSetup.Date(a.MadeOn),
                said = previous?.Agreement?.AgreementId == a.AgreementId ? said : null,
            }),
            text,
        }, JsonSerializerOptions.Web);
        return Page();
    }
}
