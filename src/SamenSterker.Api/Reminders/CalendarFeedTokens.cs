using SamenSterker.Platform;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.AspNetCore.DataProtection;

namespace SamenSterker.Reminders;

/// <summary>
/// The secret of a calendar feed's URL: made, found by its hash, and opened again for its owner. Sealed with the
/// shared key ring (so any instance opens it, and a stolen copy of the database does not).
/// </summary>
public sealed class CalendarFeedTokens(IDataProtectionProvider protection)
{
    private readonly IDataProtector sealer = protection.CreateProtector("SamenSterker.CalendarFeed.v1");

    public static string HashOf(string token) => LinkSecret.HashOf(token);

    /// <summary>A new feed for <paramref name="userId"/>, and its secret (to be shown, never logged).</summary>
    public (CalendarFeed Feed, string Token) New(string userId, DateTimeOffset now)
    {
        var token = LinkSecret.New();
        return (new CalendarFeed { Id = userId, TokenHash = HashOf(token), SealedToken = sealer.Protect(token), CreatedAt = now }, token);
    }

    /// <summary>The feed's secret, or null when its key is gone (a key ring replaced): then the user makes a new one.</summary>
    public string? Open(CalendarFeed feed)
    {
        try { return feed.SealedToken.Length == 0 ? null : sealer.Unprotect(feed.SealedToken); }
        catch (CryptographicException) { return null; }
    }

    /// <summary>Feeds made before their secret was sealed keep working: each is hashed, sealed and its plain secret
    /// dropped. Returns how many were sealed.</summary>
    public async Task<int> SealLegacy(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var legacy = await session.Query<CalendarFeed>().Where(f => f.Token != null && f.Token != "").ToListAsync(ct);
        foreach (var feed in legacy)
        {
            feed.TokenHash = HashOf(feed.Token!);
            feed.SealedToken = sealer.Protect(feed.Token!);
            feed.Token = null;
            session.Store(feed);
        }
        if (legacy.Count == 0) return 0;
        await session.SaveChangesAsync(ct);
        // The secret was once a duplicated column of its own, which Marten's migration leaves in place: empty it too.
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            do $$ begin
              if exists (select 1 from information_schema.columns
                         where table_schema = '{Platform.EventStore.Schema}' and table_name = 'mt_doc_calendarfeed' and column_name = 'token')
              then update {Platform.EventStore.Schema}.mt_doc_calendarfeed set token = null where token is not null; end if;
            end $$
            """;
        await command.ExecuteNonQueryAsync(ct);
        return legacy.Count;
    }

    internal sealed class SealLegacyAtStart(CalendarFeedTokens tokens, IDocumentStore store, ILogger<SealLegacyAtStart> log) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            if (await tokens.SealLegacy(store, ct) is > 0 and var n) log.LogInformation("Sealed {Count} calendar feed secrets stored before sealing", n);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
