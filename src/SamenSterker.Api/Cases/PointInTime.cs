using Marten;
using SamenSterker.Platform;

namespace SamenSterker.Cases;

/// <summary>
/// <c>?version=n</c> or <c>?asOf=timestamp</c> on a case's read endpoints: the case exactly as it stood then,
/// folded live from its events (Marten's AggregateStreamAsync), in the same shape as now.
/// </summary>
public static class PointInTime
{
    public static IResult? Problem(long? version, DateTimeOffset? asOf) =>
        version is < 1 ? Problems.Invalid("version", "'version' is a version of the case, 1 or more.")
        : version is not null && asOf is not null ? Problems.Invalid("asOf", "Ask for a 'version' or an 'asOf' moment, not both.")
        : null;

    /// <summary>The state of <typeparamref name="T"/> then, or a 404 problem saying why there is none.</summary>
    public static async Task<(T? State, IResult? NotFound)> Load<T>(IQuerySession session, Guid id, long currentVersion, long? version,
        DateTimeOffset? asOf, CancellationToken ct) where T : class
    {
        if (version > currentVersion)
            return (null, Problems.NotFound($"The case has {currentVersion} versions; there is no version {version}."));
        var state = version is { } v
            ? await session.Events.AggregateStreamAsync<T>(id, version: v, token: ct)
            : await session.Events.AggregateStreamAsync<T>(id, timestamp: asOf!.Value, token: ct);
        if (state is not null) return (state, null);
        return (null, version is { } asked
            // The stream says it has this version, yet its events do not fold to it: some are not readable (archived, removed).
            ? Problems.NotFound($"Version {asked} of the case cannot be shown: not all of its events up to that version can be read. "
                                + "GET …/history/verify says which and why.")
            : Problems.NotFound($"The case did not exist yet at {asOf:O}."));
    }
}
