namespace SamenSterker.Agreements;

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
