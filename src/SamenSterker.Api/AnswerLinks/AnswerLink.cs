using SamenSterker.CheckIns;

namespace SamenSterker.AnswerLinks;

public enum AnswerLinkState { Open, Answered, Used, Withdrawn, Expired }

/// <summary>One client-side person's answers, given on their own phone.</summary>
public sealed record LinkAnswer(Question Question, double? Value, int? Smiley, string? MostSatisfied, string? LeastSatisfied);

/// <summary>
/// A link that lets one client-side person answer one check-in's five questions on their own phone: a key to that one
/// thing. The secret in the URL is never stored — only its SHA-256 — and never logged in full. The answers wait here
/// until the professional saves the check-in, which takes them in (the one write path of a check-in), or until the link
/// is cleared away (<see cref="AnswerLinkSettings.KeepAnswersFor"/>).
/// </summary>
public sealed class AnswerLink
{
    /// <summary>The link's id, as the professional's screen knows it (never the secret).</summary>
    public Guid Id { get; set; }
    public string TokenHash { get; set; } = "";
    public Guid CaseId { get; set; }
    public string TeamId { get; set; } = "";
    public Guid CheckInId { get; set; }

    /// <summary>The person's key in the check-in being held (the professional's draft names them so).</summary>
    public string RespondentId { get; set; } = "";

    /// <summary>The person of the case it belongs to: theirs, or the id the check-in will give a new person.</summary>
    public Guid PersonId { get; set; }
    public string Name { get; set; } = "";
    public RespondentRole Role { get; set; }
    public ScoreForm Form { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }

    /// <summary>When the link was e-mailed to the person (the address itself is not kept).</summary>
    public DateTimeOffset? EmailedAt { get; set; }

    /// <summary>When the check-in that took the answers in was saved.</summary>
    public DateTimeOffset? UsedAt { get; set; }
    public List<LinkAnswer> Answers { get; set; } = [];

    public AnswerLinkState StateAt(DateTimeOffset now) =>
        UsedAt is not null ? AnswerLinkState.Used
        : WithdrawnAt is not null ? AnswerLinkState.Withdrawn
        : AnsweredAt is not null ? AnswerLinkState.Answered
        : now >= ExpiresAt ? AnswerLinkState.Expired
        : AnswerLinkState.Open;
}

public sealed class AnswerLinkSettings
{
    /// <summary>How long a link can be used to answer (two hours: a check-in at the kitchen table; longer when sent the day before).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The longest a professional may ask for (a link sent the day before).</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How long answers wait for the check-in after the link expired, before they are cleared away.</summary>
    public TimeSpan KeepAnswersFor { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Uses of the answer page per address and minute (a guess at a secret is 1 in 2^256; this keeps the logs calm).</summary>
    public int PerMinute { get; set; } = 60;
}
