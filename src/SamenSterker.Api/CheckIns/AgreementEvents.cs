namespace SamenSterker.CheckIns;

// The one SMART agreement is part of the check-in conversation (seed 000, step 3) and its review opens the next one, so
// its events are the check-in's; Agreements/ keeps the read model of all of a case's agreements and their outcomes.

public enum AgreementOutcome { Achieved = 1, Partly, NotAchieved }

/// <summary>The one SMART agreement made at the end of a check-in.</summary>
public sealed record AgreementMade(
    Guid AgreementId,
    Guid CheckInId,
    string What,
    string Who,
    DateOnly ByWhen,
    string HowWeKnow,
    DateOnly MadeOn);

/// <summary>At the next check-in: did the previous agreement work?</summary>
public sealed record AgreementReviewed(Guid AgreementId, Guid CheckInId, AgreementOutcome Outcome, string? Note, DateOnly ReviewedOn);

// A correction never edits the past: it is a new fact that names the version of the event it corrects (the original,
// or an earlier correction of it), says why, and carries the corrected values in full (Corrections/CorrectAFact.cs).

/// <summary>An agreement's text or deadline was written down wrongly.</summary>
public sealed record AgreementCorrected(Guid AgreementId, string What, string Who, DateOnly ByWhen, string HowWeKnow, long CorrectsVersion, string Reason);
