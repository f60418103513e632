using SamenSterker.Platform;
using Marten;

namespace SamenSterker.SummaryLinks;

/// <summary>
/// A link to one check-in's summary for the family to keep on their own phone (issue 22's "the family keeps the
/// summary", without paper). Stored by the SHA-256 of its secret, like an answer link; it shows that one summary and
/// nothing else, until it expires (two weeks) or the professional withdraws it. Erasing the case deletes it.
/// </summary>
public sealed class SummaryLink
{
    public Guid Id { get; set; }
    public string TokenHash { get; set; } = "";
    public Guid CaseId { get; set; }
    public string TeamId { get; set; } = "";
    public Guid CheckInId { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }

    /// <summary>How long the family can open it: long enough to read it again at home and show it to someone.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    public bool WorksAt(DateTimeOffset now) => WithdrawnAt is null && now < ExpiresAt;

    public static async Task<SummaryLink?> Find(IQuerySession session, string secret, CancellationToken ct) =>
        LinkSecret.CouldBe(secret)
            ? await session.Query<SummaryLink>().FirstOrDefaultAsync(l => l.TokenHash == LinkSecret.HashOf(secret), ct)
            : null;
}

/// <summary>The summary as the professional hands it over: the URL (its secret in it, this once) and the same as a QR code.</summary>
public sealed record SummaryLinkCreated(Guid LinkId, string Url, DateTimeOffset ExpiresAt, string QrSvg);

/// <summary>Erasing a case deletes its summary links at once.</summary>
public sealed class ForgetSummaryLinksOnErasure(IDocumentStore store) : Privacy.IErasureStep
{
    public async Task Erase(Guid caseId, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.DeleteWhere<SummaryLink>(l => l.CaseId == caseId);
        await session.SaveChangesAsync(ct);
    }
}
