using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;
using SamenSterker.Steunkring;

namespace SamenSterker.Web.Pages;

/// <summary>
/// The steunkring of one client as its procesbegeleider keeps it (seed 001): the client's core questions as their own
/// goals, each member and whether they have been spoken with, the next meeting (when, where the client chose, its agenda,
/// who is still to be spoken with before it), the plan's open agreements and the meetings held. Every form sends to the
/// API's own endpoint.
/// </summary>
public sealed class SteunkringProcesModel(IQuerySession session, Npgsql.NpgsqlDataSource db, AmsterdamCalendar calendar,
    IStringLocalizer<Texts> texts, UserDirectory directory) : PageModel
{
    public Case Case { get; private set; } = null!;
    public SteunkringProcessView Process { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<UserProfile> Colleagues { get; private set; } = [];
    public bool MayKeep { get; private set; }
    public bool MayAssign { get; private set; }
    public bool MayAnswerCoreQuestions { get; private set; }
    public DateOnly Today => calendar.Today;
    public string ProblemTexts => texts.ProblemTexts();

    public string NameOf(string? userId) => userId is null ? "—" : Names.GetValueOrDefault(userId, userId);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await session.ReadableCase(User, id, ct) is not { } c) return NotFound();
        Case = c;
        Process = await SteunkringProcess.Of(db, session.DocumentStore.Options.Serializer(), c, ct);
        var open = !c.Closed;
        MayKeep = open && Policies.May(User, c, CaseAction.KeepSteunkring);
        MayAssign = open && Policies.May(User, c, CaseAction.AssignProcesbegeleider);
        MayAnswerCoreQuestions = open && Policies.May(User, c, CaseAction.RecordCoreQuestions);
        if (MayAssign) Colleagues = await directory.ProfessionalsOf(c.TeamId, ct);
        Names = await directory.NamesOf([c.Procesbegeleider, .. Process.CoreQuestions.Select(q => q.By)], ct);
        return Page();
    }
}
