using SamenSterker.Steunkring;

namespace SamenSterker.Cases;

/// <summary>A meeting planned and not yet held: when, where (the client's choice), and the agenda prepared with the client.</summary>
public sealed record PlannedMeeting(Guid MeetingId, DateOnly On, TimeOnly? At, string Place, IReadOnlyList<string> Agenda);

/// <summary>An agreement of the steunkring's plan not yet reviewed: the next meeting reviews it.</summary>
public sealed record OpenPlanAgreement(Guid AgreementId, Guid MeetingId, DateOnly MadeOn, string What, string Who, DateOnly? ByWhen);

public sealed record SteunkringMember(Guid MemberId, string Name, MemberRelation Relation, string? Organisation, DateOnly JoinedOn, string? UserId = null);

/// <summary>The steunkring's part of the case: its procesbegeleider, members, meetings and the client's core questions.</summary>
public sealed partial record Case
{
    public string? Procesbegeleider { get; init; }
    public IReadOnlyList<SteunkringMember> Members { get; init; } = [];
    public IReadOnlyList<Guid> FormerMemberIds { get; init; } = [];
    public int SteunkringMeetingsHeld { get; init; }
    public CoreQuestionsAnswered? CoreQuestions { get; init; }
    public IReadOnlyList<PlannedMeeting> PlannedMeetings { get; init; } = [];
    /// <summary>The members the procesbegeleider has spoken with (an intake), current or former.</summary>
    public IReadOnlyList<Guid> IntakesHeldWith { get; init; } = [];
    public IReadOnlyList<OpenPlanAgreement> OpenPlanAgreements { get; init; } = [];

    public Case Apply(SteunkringMemberAdded e) => this with
    {
        Members = [.. Members, new SteunkringMember(e.MemberId, e.Name, e.Relation, e.Organisation, e.JoinedOn, e.UserId)],
    };

    public Case Apply(SteunkringMemberLeft e) => this with
    {
        Members = Members.Where(m => m.MemberId != e.MemberId).ToList(),
        FormerMemberIds = [.. FormerMemberIds, e.MemberId],
    };

    public Case Apply(ProcesbegeleiderAssigned e) => this with { Procesbegeleider = e.UserId };

    public Case Apply(SteunkringMeetingPlanned e) => this with
    {
        PlannedMeetings = [.. PlannedMeetings.Where(m => m.MeetingId != e.MeetingId),
            new PlannedMeeting(e.MeetingId, e.On, e.At, e.Place, PlannedMeetings.FirstOrDefault(m => m.MeetingId == e.MeetingId)?.Agenda ?? [])],
    };

    public Case Apply(SteunkringAgendaPrepared e) => this with
    {
        PlannedMeetings = PlannedMeetings.Select(m => m.MeetingId == e.MeetingId ? m with { Agenda = e.Items } : m).ToList(),
    };

    public Case Apply(SteunkringIntakeHeld e) =>
        IntakesHeldWith.Contains(e.MemberId) ? this : this with { IntakesHeldWith = [.. IntakesHeldWith, e.MemberId] };

    public Case Apply(PlanAgreementReviewed e) => this with
    {
        OpenPlanAgreements = OpenPlanAgreements.Where(a => a.AgreementId != e.AgreementId).ToList(),
    };

    public Case Apply(SteunkringMeetingHeld e) => this with
    {
        SteunkringMeetingsHeld = SteunkringMeetingsHeld + 1,
        PlannedMeetings = PlannedMeetings.Where(m => m.MeetingId != e.MeetingId).ToList(),
        OpenPlanAgreements = [.. OpenPlanAgreements, .. e.Agreements.Select((a, i) =>
            new OpenPlanAgreement(PlanAgreementIds.Of(e.MeetingId, i, a), e.MeetingId, e.HeldOn, a.What, a.Who, a.ByWhen))],
    };

    /// <summary>The next meeting planned, if any.</summary>
    public PlannedMeeting? NextMeeting => PlannedMeetings.OrderBy(m => m.On).ThenBy(m => m.At).FirstOrDefault();

    /// <summary>Members not yet spoken with: before the first meeting the procesbegeleider talks with each (seed 001).</summary>
    public IEnumerable<SteunkringMember> MembersWithoutIntake => Members.Where(m => !IntakesHeldWith.Contains(m.MemberId));

    public Case Apply(CoreQuestionsAnswered e) => this with { CoreQuestions = e };

    public Case Apply(SteunkringMemberCorrected e) => this with
    {
        Members = e.AddedInError
            ? Members.Where(m => m.MemberId != e.MemberId).ToList()
            : Members.Select(m => m.MemberId == e.MemberId
                ? m with { Name = e.Name, Relation = e.Relation, Organisation = e.Organisation, UserId = e.UserId } : m).ToList(),
        FormerMemberIds = e.AddedInError ? [.. FormerMemberIds, e.MemberId] : FormerMemberIds,
    };

    public bool IsActiveMember(Guid memberId) => Members.Any(m => m.MemberId == memberId);

    /// <summary>A professional member of the steunkring known by their user id (access: they take part in the case).</summary>
    public bool HasProfessionalMember(string userId) => Members.Any(m => m.UserId == userId);
}
