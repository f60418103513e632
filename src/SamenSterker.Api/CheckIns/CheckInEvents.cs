namespace SamenSterker.CheckIns;

/// <summary>The five questions of the Samen Sterker check-in, always the same.</summary>
public enum Question { Omgang = 1, Luisteren, Contact, Gezinsplan, Afspraken }

/// <summary>The form a score was given on: the visual analogue line or the five-smiley form.</summary>
public enum ScoreForm { Line = 1, Smiley }

public enum RespondentSide { Client = 1, Professional }

public enum RespondentRole { Client = 1, Parent, Child, Other, Professional }

/// <summary>
/// Who answered at one check-in. <see cref="PersonId"/>: the client-side person of the case it was, whose id stays theirs for
/// the life of the case (the first check-in they take part in makes them a person of the case: <c>Case.People</c>); null for
/// the professional, and for every respondent of a check-in recorded before the case kept its people (those are read as
/// docs/api.md, "People of a case", says: never merged with anyone silently). <see cref="ContinuesCheckInId"/> and
/// <see cref="ContinuesRespondentId"/>, on a person's first check-in only: the professional said this person is that
/// respondent of a check-in recorded before, so their earlier scores join their line — said, never guessed.
/// <see cref="OnOwnPhone"/>: this person gave their answers on their own phone, through a link (null: on the professional's device).
/// </summary>
public sealed record Respondent(string RespondentId, RespondentSide Side, RespondentRole Role, string? Label, ScoreForm Form,
    Guid? PersonId = null, Guid? ContinuesCheckInId = null, string? ContinuesRespondentId = null, bool? OnOwnPhone = null);

/// <summary>
/// A check-in conversation was held. <see cref="RequestFingerprint"/> is the SHA-256 of the
/// request that recorded it, so a retried request can be told apart from a conflicting one.
/// </summary>
public sealed record CheckInHeld(
    Guid CheckInId,
    DateOnly HeldOn,
    ScoreForm Form,
    IReadOnlyList<Respondent> Respondents,
    string RequestFingerprint);

/// <summary>
/// One respondent's mark for one question. <see cref="Value"/> is the place on the 0–10 line
/// (for a smiley, the face mapped onto the line); <see cref="Smiley"/> keeps the face itself.
/// </summary>
public sealed record ScoreGiven(
    Guid CheckInId,
    string RespondentId,
    RespondentSide Side,
    RespondentRole Role,
    Question Question,
    ScoreForm Form,
    double Value,
    int? Smiley,
    string? MostSatisfied,
    string? LeastSatisfied);

// A correction never edits the past: it is a new fact that names the version of the event it corrects (the original,
// or an earlier correction of it), says why, and carries the corrected values in full (Corrections/CorrectAFact.cs).

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
