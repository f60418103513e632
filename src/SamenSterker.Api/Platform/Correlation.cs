using System.Text.RegularExpressions;
using Serilog.Context;

namespace SamenSterker.Platform;

/// <summary>
/// Every request gets a correlation id: the caller's X-Correlation-Id when it is a sane token,
/// otherwise a new one. It is echoed in the response, on every log line of the request, and stored
/// with every event the request appends.
/// </summary>
public static partial class Correlation
{
    public const string Header = "X-Correlation-Id";
    private const string ItemKey = "samensterker.correlation-id";

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex SaneToken();

    public static string Id(HttpContext http) => http.Items[ItemKey] as string ?? http.TraceIdentifier;

    public static IApplicationBuilder UseCorrelationIds(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var given = http.Request.Headers[Header].ToString();
        var id = SaneToken().IsMatch(given) ? given : Guid.NewGuid().ToString("N");
        http.Items[ItemKey] = id;
        http.Response.Headers[Header] = id;
        // And again as the answer starts: an exception handler clears the headers of a refused request (a body that is not JSON).
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        using (LogContext.PushProperty("CorrelationId", id))
        {
            await next(http);
        }
    });
}
