namespace SamenSterker.Steunkring;

public enum MemberRelation { Family = 1, Friend, Neighbour, Professional, Other }

/// <summary>
/// A person the client chose joined the support circle. <see cref="UserId"/>: a professional member's user id
/// in this service, if they have one (it lets them record in the case).
/// </summary>
public sealed record SteunkringMemberAdded(Guid MemberId, string Name, MemberRelation Relation, string? Organisation, DateOnly JoinedOn,
    string? UserId = null);

public sealed record SteunkringMemberLeft(Guid MemberId, DateOnly LeftOn, string? Reason);

/// <summary>The fixed process coach of the support circle was assigned (or replaced).</summary>
public sealed record ProcesbegeleiderAssigned(string UserId, string? PreviousUserId);

/// <summary>The procesbegeleider's conversation with a member before the first meeting.</summary>
public sealed record SteunkringIntakeHeld(Guid IntakeId, Guid MemberId, DateOnly HeldOn, string? HowTheyCanHelp, string? SharedHistory);

public sealed record PlanAgreement(string What, string Who, DateOnly? ByWhen);

public sealed record SteunkringMeetingHeld(
    Guid MeetingId,
    DateOnly HeldOn,
    IReadOnlyList<string> Agenda,
    IReadOnlyList<PlanAgreement> Agreements,
    IReadOnlyList<Guid> AttendedMemberIds,
    bool ClientAttended);

/// <summary>The client's three core questions: Wat wil ik? Wat kan ik? Wat heb ik nodig?</summary>
public sealed record CoreQuestionsAnswered(DateOnly AnsweredOn, string WatWilIk, string WatKanIk, string WatHebIkNodig);

// A correction never edits the past: it is a new fact that names the version of the event it corrects (the original,
// or an earlier correction of it), says why, and carries the corrected values in full (Corrections/CorrectAFact.cs).

/// <summary>A steunkring member's details were wrong, or the member was added to the wrong case (<see cref="AddedInError"/>).</summary>
public sealed record SteunkringMemberCorrected(
    Guid MemberId,
    string Name,
    MemberRelation Relation,
    string? Organisation,
    string? UserId,
    bool AddedInError,
    long CorrectsVersion,
    string Reason);
