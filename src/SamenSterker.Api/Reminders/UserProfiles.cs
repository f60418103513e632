using System.Collections.Concurrent;
using System.Security.Claims;
using Marten;

namespace SamenSterker.Reminders;

/// <summary>
/// Keeps each user's profile (e-mail, team, roles) from their token, so reminders know whom to
/// e-mail and who leads a team. A write when the token's claims change, else at most once per user
/// per hour per process (one write when several requests of a new user arrive together); on every other request a
/// look-up and a comparison, no document is built.
/// </summary>
public sealed class UserProfiles(IDocumentStore store, TimeProvider time)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, string Claims)> _written = new();

    public async Task TouchAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var id = user.FindFirstValue("sub");
        if (string.IsNullOrEmpty(id)) return;
        var now = time.GetUtcNow();
        var claims = string.Join('|', user.FindFirstValue("name"), user.FindFirstValue("email"), user.FindFirstValue("team"),
            string.Join(',', user.FindAll("role").Select(c => c.Value).Order()));
        if (_written.TryGetValue(id, out var written) && written.Claims == claims && now - written.At < Refresh) return;
        // Claimed before the write: a user's first requests arrive together (a page and its parts, a client's
        // parallel calls), and one write is enough. They used to queue on the same row, ~150 ms each under load.
        if (written.Claims is not null && !_written.TryUpdate(id, (now, claims), written)) return;
        if (written.Claims is null && !_written.TryAdd(id, (now, claims))) return;

        var profile = new UserProfile
        {
            Id = id,
            Name = user.FindFirstValue("name"),
            Email = user.FindFirstValue("email"),
            Team = user.FindFirstValue("team"),
            Roles = user.FindAll("role").Select(c => c.Value).Order().ToList(),
            LastSeen = now,
        };

        await using var session = store.LightweightSession();
        // A token without an e-mail or name claim does not erase what an earlier token told us.
        if (profile.Email is null || profile.Name is null)
        {
            var known = await session.LoadAsync<UserProfile>(id, ct);
            profile.Email ??= known?.Email;
            profile.Name ??= known?.Name;
        }
        session.Store(profile);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch
        {
            _written.TryRemove(new KeyValuePair<string, (DateTimeOffset, string)>(id, (now, claims))); // the next request tries again
            throw;
        }
    }

    public static IApplicationBuilder UseUserProfiles(IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.Identity?.IsAuthenticated == true)
            await http.RequestServices.GetRequiredService<UserProfiles>().TouchAsync(http.User, http.RequestAborted);
        await next(http);
    });
}
