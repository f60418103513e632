using Marten;
using Microsoft.Extensions.Options;

namespace SamenSterker.AnswerLinks;

/// <summary>
/// Every hour, what is left of links that expired more than <see cref="AnswerLinkSettings.KeepAnswersFor"/> ago is deleted:
/// answers that never reached a check-in, and the bookkeeping of used and withdrawn links (docs/privacy.md). Deleting is
/// idempotent, so every node may do it.
/// </summary>
public sealed class ClearAwayOldLinks(IDocumentStore store, TimeProvider time, IOptions<AnswerLinkSettings> settings,
    ILogger<ClearAwayOldLinks> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromHours(1);

    /// <summary>Deletes the links expired before <paramref name="now"/> minus the keeping time; returns how many.</summary>
    public static async Task<int> Sweep(IDocumentStore store, DateTimeOffset now, AnswerLinkSettings settings, CancellationToken ct)
    {
        var cutoff = now - settings.KeepAnswersFor;
        await using var session = store.LightweightSession();
        var count = await session.Query<AnswerLink>().CountAsync(l => l.ExpiresAt < cutoff, ct);
        if (count == 0) return 0;
        session.DeleteWhere<AnswerLink>(l => l.ExpiresAt < cutoff);
        await session.SaveChangesAsync(ct);
        return count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        do
        {
            try
            {
                var cleared = await Sweep(store, time.GetUtcNow(), settings.Value, stoppingToken);
                if (cleared > 0) logger.LogInformation("Cleared away {Count} expired answer links", cleared);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database away for a moment: the next hour tries again.
                logger.LogWarning("Clearing away expired answer links failed: {Reason}", e.GetType().Name);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>An erased case keeps no links: their names and any answers waiting for a check-in go with the erasure.</summary>
public sealed class ForgetLinksOnErasure(IDocumentStore store) : Privacy.IErasureStep
{
    public async Task Erase(Guid caseId, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.DeleteWhere<AnswerLink>(l => l.CaseId == caseId);
        await session.SaveChangesAsync(ct);
    }
}
