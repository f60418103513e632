namespace SamenSterker.Platform;

/// <summary>
/// How the service log names a request: by its route's pattern (<c>/api/cases/{id}/timeline</c>), never by its raw
/// path — a path may hold a secret (an answer link, a calendar feed) and ids a log does not need; the case a request
/// concerns is a property of its own. A path that matched no route holds no working secret and is kept, cut short.
/// </summary>
public static class LoggedRoute
{
    public static string Of(HttpContext http) =>
        (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } pattern
            ? "/" + pattern.TrimStart('/')
            : Cut(http.Request.Path.Value ?? "", 100);

    /// <summary>The case the request is about, when its route names one.</summary>
    public static string? CaseOf(HttpContext http) => http.Request.RouteValues["id"] as string;

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}
