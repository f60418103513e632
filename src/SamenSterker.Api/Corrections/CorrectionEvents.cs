using SamenSterker.CheckIns;
using SamenSterker.Steunkring;

namespace SamenSterker.Corrections;

// A correction never edits the past: it is a new fact that names the version of the event it corrects
// (the original, or an earlier correction of it), says why, and carries the corrected values in full.
// Who corrected it and when are the event's metadata, as for every event.

/// <summary>A score was recorded wrongly (a slip of the pen, the wrong face).</summary>
public sealed record ScoreCorrected(
    Guid CheckInId,
    string RespondentId,
    Question Question,
    double Value,
    int? Smiley,
    string? MostSatisfied,
    string? LeastSatisfied,
    double WasValue,
    long CorrectsVersion,
    string Reason);

/// <summary>A check-in was entered with the wrong date.</summary>
public sealed record CheckInDateCorrected(Guid CheckInId, DateOnly HeldOn, DateOnly WasHeldOn, long CorrectsVersion, string Reason);

/// <summary>An agreement's text or deadline was written down wrongly.</summary>
public sealed record AgreementCorrected(Guid AgreementId, string What, string Who, DateOnly ByWhen, string HowWeKnow, long CorrectsVersion, string Reason);

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
