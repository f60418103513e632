using System.Collections.Concurrent;
using System.Security.Claims;
using Marten;

namespace SamenSterker.Access;

/// <summary>
/// Keeps each user's profile (name, e-mail, team, roles) from their token, so pages show names instead of ids, forms offer
/// the colleagues of a team, and reminders know whom to e-mail and who leads a team. A write when the token's claims change, else at most once per user
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

/// <summary>
/// What the service knows of a user from their token (kept up to date as they use the API): their name, whom to e-mail,
/// who leads which team. Also written by the demo data generator for the professionals it invents.
/// </summary>
public sealed class UserProfile
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Team { get; set; }
    public List<string> Roles { get; set; } = [];
    public DateTimeOffset LastSeen { get; set; }
}

/// <summary>Names for user ids, and the colleagues of a team, from the profiles the service keeps (one query each).</summary>
public sealed class UserDirectory(IQuerySession session)
{
    /// <summary>Each id's display name: the name the user signed in with, else the id itself (never nothing).</summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesOf(IEnumerable<string?> ids, CancellationToken ct)
    {
        var wanted = ids.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id!).Distinct().ToArray();
        var names = wanted.ToDictionary(id => id, id => id);
        if (wanted.Length == 0) return names;
        foreach (var profile in await session.LoadManyAsync<UserProfile>(ct, wanted))
            if (profile is { Name: { Length: > 0 } name }) names[profile.Id] = name;
        return names;
    }

    /// <summary>The name <see cref="NamesOf"/> found for <paramref name="id"/>, or null when it knows none (then it holds the
    /// id itself): for a line that names someone to a reader who must never see a user id.</summary>
    public static string? KnownName(IReadOnlyDictionary<string, string> names, string? id) =>
        id is not null && names.TryGetValue(id, out var name) && name != id ? name : null;

    /// <summary>The professionals the service knows in <paramref name="team"/>, by name.</summary>
    public async Task<IReadOnlyList<UserProfile>> ProfessionalsOf(string team, CancellationToken ct) =>
        (await session.Query<UserProfile>().Where(u => u.Team == team && u.Roles.Contains(Roles.Professional)).ToListAsync(ct))
        .OrderBy(u => u.Name ?? u.Id, StringComparer.CurrentCultureIgnoreCase).ToList();
}
