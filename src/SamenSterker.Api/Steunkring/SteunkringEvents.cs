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

/// <summary>An agreement of the steunkring's plan. <see cref="AgreementId"/>: null only in meetings recorded before
/// plan agreements were reviewed (those get a name-based id from the meeting and their place, <see cref="PlanAgreementIds"/>).</summary>
public sealed record PlanAgreement(string What, string Who, DateOnly? ByWhen, Guid? AgreementId = null);

/// <summary>
/// A steunkring meeting was planned, or moved (the same <see cref="MeetingId"/> planned again): "met elkaar wordt
/// afgesproken wanneer de groep bij elkaar komt", at a place the client chooses (seed 001).
/// </summary>
/// <see cref="WasOn"/>: the day it was planned for before, when this moves it.
public sealed record SteunkringMeetingPlanned(Guid MeetingId, DateOnly On, TimeOnly? At, string Place, DateOnly? WasOn = null);

/// <summary>The client prepared the planned meeting's agenda with the procesbegeleider (each version kept).</summary>
public sealed record SteunkringAgendaPrepared(Guid MeetingId, IReadOnlyList<string> Items);

/// <summary>At the next meeting: did an agreement of the plan work? (as a check-in reviews its agreement)</summary>
public sealed record PlanAgreementReviewed(Guid AgreementId, Guid MeetingId, CheckIns.AgreementOutcome Outcome, string? Note, DateOnly ReviewedOn);

/// <summary>
/// A steunkring meeting was held: its agenda, the plan's agreements, who came. <see cref="MeetingId"/> is the planned
/// meeting's when it was planned first.
/// </summary>
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

public static class PlanAgreementIds
{
    /// <summary>An agreement's id: its own, or for a meeting recorded before agreements had one, named by the meeting and its place.</summary>
    public static Guid Of(Guid meetingId, int index, PlanAgreement agreement) =>
        agreement.AgreementId ?? Platform.NameBasedId.From($"plan-agreement:{meetingId:N}:{index}");
}
