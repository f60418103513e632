using SamenSterker.Steunkring;

namespace SamenSterker.Cases;

public sealed record SteunkringMember(Guid MemberId, string Name, MemberRelation Relation, string? Organisation, DateOnly JoinedOn, string? UserId = null);

/// <summary>The steunkring's part of the case: its procesbegeleider, members, meetings and the client's core questions.</summary>
public sealed partial record Case
{
    public string? Procesbegeleider { get; init; }
    public IReadOnlyList<SteunkringMember> Members { get; init; } = [];
    public IReadOnlyList<Guid> FormerMemberIds { get; init; } = [];
    public int SteunkringMeetingsHeld { get; init; }
    public CoreQuestionsAnswered? CoreQuestions { get; init; }

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

    public Case Apply(SteunkringMeetingHeld e) => this with { SteunkringMeetingsHeld = SteunkringMeetingsHeld + 1 };

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
