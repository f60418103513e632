namespace SamenSterker.CheckIns;

/// <summary>The five questions of the Samen Sterker check-in, always the same.</summary>
public enum Question { Omgang = 1, Luisteren, Contact, Gezinsplan, Afspraken }

/// <summary>The form a score was given on: the visual analogue line or the five-smiley form.</summary>
public enum ScoreForm { Line = 1, Smiley }

public enum RespondentSide { Client = 1, Professional }

public enum RespondentRole { Client = 1, Parent, Child, Other, Professional }

public sealed record Respondent(string RespondentId, RespondentSide Side, RespondentRole Role, string? Label, ScoreForm Form);

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
