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
/// SLIM (seed 004): the professionals around one client on one page — casusregie, procesregie, the procesbegeleider and
/// the professionals in the steunkring — and their shared goal and approach, with every earlier version.
/// </summary>
public sealed class ProfessionalsModel(IQuerySession session, Npgsql.NpgsqlDataSource db, AmsterdamCalendar calendar, IStringLocalizer<Texts> texts, UserDirectory directory) : PageModel
{
    public Case Case { get; private set; } = null!;
    public IReadOnlyList<SharedApproachView> History { get; private set; } = [];
    public IReadOnlyList<SteunkringMember> ProfessionalMembers { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();
    public bool MayAgree { get; private set; }
    public DateOnly Today => calendar.Today;
    public string ProblemTexts => texts.ProblemTexts();

    public string NameOf(string? userId) => userId is null ? "—" : Names.GetValueOrDefault(userId, userId);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await session.ReadableCase(User, id, ct) is not { } c) return NotFound();
        Case = c;
        History = await AgreeSharedApproach.History(db, session, id, ct);
        ProfessionalMembers = c.Members.Where(m => m.Relation == MemberRelation.Professional).ToList();
        Names = await directory.NamesOf([c.Casusregie, c.Procesregie, c.Procesbegeleider, .. ProfessionalMembers.Select(m => m.UserId),
            .. History.Select(h => h.RecordedBy)], ct);
        MayAgree = Policies.May(User, c, CaseAction.SetFamilyPlan) && !c.Closed;
        return Page();
    }
}
