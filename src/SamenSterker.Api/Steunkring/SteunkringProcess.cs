using Marten;
using Npgsql;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Platform;

namespace SamenSterker.Steunkring;

/// <summary>A member and whether the procesbegeleider has spoken with them yet (the intake before the first meeting).</summary>
public sealed record MemberIntake(Guid MemberId, string Name, MemberRelation Relation, string? Organisation, DateOnly JoinedOn,
    DateOnly? IntakeOn, string? HowTheyCanHelp, string? SharedHistory);

/// <summary>A planned meeting, with the members still to be spoken with before it.</summary>
public sealed record PlannedMeetingView(Guid MeetingId, DateOnly On, TimeOnly? At, string Place, IReadOnlyList<string> Agenda,
    IReadOnlyList<string> NotYetSpokenWith, bool IsFirst);

public sealed record PlanAgreementView(Guid AgreementId, string What, string Who, DateOnly? ByWhen,
    AgreementOutcome? Outcome, string? Note, DateOnly? ReviewedOn);

/// <summary>
/// A meeting held (numbered from the first): where, when it was planned with a time; its agenda, who came and who did
/// not, the earlier agreements it looked back on, and its own plan with how each agreement went since.
/// </summary>
public sealed record HeldMeetingView(Guid MeetingId, int Number, DateOnly HeldOn, TimeOnly? At, string? Place, IReadOnlyList<string> Agenda,
    bool ClientAttended, IReadOnlyList<string> Attended, IReadOnlyList<string> Absent, IReadOnlyList<PlanAgreementView> Reviewed,
    IReadOnlyList<PlanAgreementView> Agreements);

/// <summary>One version of the client's three core questions, and who wrote it down.</summary>
public sealed record CoreQuestionsVersion(DateOnly AnsweredOn, string WatWilIk, string WatKanIk, string WatHebIkNodig, string? By, DateTimeOffset At);

/// <summary>The steunkring process of seed 001 on one page: members and intakes, meetings planned and held, the plan, the core questions.</summary>
public sealed record SteunkringProcessView(
    string? Procesbegeleider,
    IReadOnlyList<MemberIntake> Members,
    IReadOnlyList<PlannedMeetingView> Planned,
    IReadOnlyList<HeldMeetingView> Held,
    IReadOnlyList<OpenPlanAgreement> OpenAgreements,
    IReadOnlyList<CoreQuestionsVersion> CoreQuestions);

/// <summary>
/// Read from the case (members, planned meetings, open agreements: its inline snapshot) and the case's own steunkring
/// facts (one query): the page and GET /api/cases/{id}/steunkring say the same.
/// </summary>
public static class SteunkringProcess
{
    private static readonly Type[] Facts =
    [
        typeof(SteunkringMemberAdded), typeof(SteunkringMemberCorrected), typeof(SteunkringIntakeHeld),
        typeof(SteunkringMeetingHeld), typeof(PlanAgreementReviewed), typeof(CoreQuestionsAnswered), typeof(SteunkringMeetingPlanned),
    ];

    public static async Task<SteunkringProcessView> Of(NpgsqlDataSource db, ISerializer serializer, Case c, CancellationToken ct)
    {
        var facts = await CaseFacts.Of(db, serializer, c.Id, Facts, ct);
        // Names as last written (a correction renames), also of members who left since a meeting they came to.
        var names = new Dictionary<Guid, string>();
        var intakes = new Dictionary<Guid, SteunkringIntakeHeld>();
        var reviews = new Dictionary<Guid, PlanAgreementReviewed>();
        var plannedAs = new Dictionary<Guid, SteunkringMeetingPlanned>();
        var agreements = new Dictionary<Guid, PlanAgreement>();
        foreach (var f in facts)
            switch (f.Data)
            {
                case SteunkringMemberAdded e: names[e.MemberId] = e.Name; break;
                case SteunkringMemberCorrected e: names[e.MemberId] = e.Name; break;
                case SteunkringIntakeHeld e: intakes[e.MemberId] = e; break;
                case PlanAgreementReviewed e: reviews[e.AgreementId] = e; break;
                case SteunkringMeetingPlanned e: plannedAs[e.MeetingId] = e; break;
                case SteunkringMeetingHeld e:
                    for (var i = 0; i < e.Agreements.Count; i++) agreements[PlanAgreementIds.Of(e.MeetingId, i, e.Agreements[i])] = e.Agreements[i];
                    break;
            }

        var members = c.Members.Select(m => intakes.GetValueOrDefault(m.MemberId) is { } intake
            ? new MemberIntake(m.MemberId, m.Name, m.Relation, m.Organisation, m.JoinedOn, intake.HeldOn, intake.HowTheyCanHelp, intake.SharedHistory)
            : new MemberIntake(m.MemberId, m.Name, m.Relation, m.Organisation, m.JoinedOn, null, null, null)).ToList();
        var notYet = c.MembersWithoutIntake.Select(m => m.Name).ToList();
        var planned = c.PlannedMeetings.OrderBy(m => m.On).ThenBy(m => m.At)
            .Select((m, i) => new PlannedMeetingView(m.MeetingId, m.On, m.At, m.Place, m.Agenda, notYet, c.SteunkringMeetingsHeld == 0 && i == 0))
            .ToList();
        PlanAgreementView ViewOf(Guid id, PlanAgreement a) => reviews.GetValueOrDefault(id) is { } r
            ? new PlanAgreementView(id, a.What, a.Who, a.ByWhen, r.Outcome, r.Note, r.ReviewedOn)
            : new PlanAgreementView(id, a.What, a.Who, a.ByWhen, null, null, null);
        var held = facts.Select(f => f.Data).OfType<SteunkringMeetingHeld>()
            .Select((m, i) => new HeldMeetingView(m.MeetingId, i + 1, m.HeldOn, plannedAs.GetValueOrDefault(m.MeetingId)?.At,
                plannedAs.GetValueOrDefault(m.MeetingId)?.Place, m.Agenda, m.ClientAttended,
                m.AttendedMemberIds.Select(id => names.GetValueOrDefault(id, "?")).ToList(),
                c.Members.Where(x => x.JoinedOn <= m.HeldOn && !m.AttendedMemberIds.Contains(x.MemberId)).Select(x => x.Name).ToList(),
                reviews.Values.Where(r => r.MeetingId == m.MeetingId && agreements.ContainsKey(r.AgreementId))
                    .Select(r => ViewOf(r.AgreementId, agreements[r.AgreementId])).ToList(),
                m.Agreements.Select((a, n) => ViewOf(PlanAgreementIds.Of(m.MeetingId, n, a), a)).ToList()))
            .OrderByDescending(m => m.HeldOn).ThenByDescending(m => m.Number)
            .ToList();
        var core = facts.Where(f => f.Data is CoreQuestionsAnswered).Reverse()
            .Select(f => (CoreQuestionsAnswered)f.Data is var q ? new CoreQuestionsVersion(q.AnsweredOn, q.WatWilIk, q.WatKanIk, q.WatHebIkNodig, f.By, f.At) : null!)
            .ToList();
        return new SteunkringProcessView(c.Procesbegeleider, members, planned, held, c.OpenPlanAgreements, core);
    }

    public static void Map(RouteGroupBuilder cases) => cases
        .MapGet("/{id:guid}/steunkring", async (Guid id, HttpContext http, NpgsqlDataSource db, IQuerySession session, CancellationToken ct) =>
            // The case: loaded (one query) and checked by the read access filter; its steunkring facts: one more.
            TypedResults.Ok(await Of(db, session.DocumentStore.Options.Serializer(), http.ReadableCase(), ct)))
        .WithName("SteunkringProcess")
        .WithSummary("The steunkring process: members and their intakes, meetings planned (with who is still to be spoken with) and held, the plan's agreements and how they went, every version of the core questions")
        .Produces<SteunkringProcessView>()
        .ProducesProblem(StatusCodes.Status404NotFound);
}
