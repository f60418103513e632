namespace SamenSterker.Platform;

/// <summary>
/// The headers a browser needs to protect the people using the web app (issue 19, finding 6): no content sniffing, no
/// framing (clickjacking), the referrer only within the site (an answer link's secret never leaves in a Referer), and a
/// Content-Security-Policy that lets the pages run only their own scripts and styles — the pages have no inline script or
/// style, so an injected one does not run. The API reference (/docs, Scalar) loads its own inline script and is framed
/// by nobody; it gets the rest but not the strict script policy.
/// </summary>
public static class SecurityHeaders
{
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /// <summary>A year of HTTPS only, once a browser has seen the site over TLS (not in Development: localhost serves other things too).</summary>
    public const string StrictTransport = "max-age=31536000";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var development = app.ApplicationServices.GetRequiredService<IHostEnvironment>().IsDevelopment();
        return app.Use(async (http, next) =>
        {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            if (http.Request.IsHttps && !development) headers.StrictTransportSecurity = StrictTransport;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = http.Request.Path.StartsWithSegments("/a") ? "no-referrer" : "same-origin";
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/docs")
                ? "frame-ancestors 'none'; object-src 'none'; base-uri 'self'"
                : PagePolicy;
            return Task.CompletedTask;
        });
        await next(http);
        });
    }
}

/// <summary>
/// Behind a TLS proxy (configuration <c>Http:BehindProxy=true</c>): the scheme, host and client address the proxy
/// forwards (X-Forwarded-Proto/-Host/-For) are taken as the request's, so cookies are Secure, redirect URIs (OpenID
/// Connect) are https and the access log has the client's address. Off by default: only a proxy that sets these headers
/// itself may be trusted with them (<c>Http:KnownProxies</c> narrows it to its addresses).
/// </summary>
public static class ProxyHeaders
{
    public static IApplicationBuilder UseProxyHeadersWhenBehindOne(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Http:BehindProxy", false)) return app;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedHost,
        };
        var known = app.Configuration.GetSection("Http:KnownProxies").Get<string[]>() ?? [];
        if (known.Length > 0)
            foreach (var address in known) options.KnownProxies.Add(System.Net.IPAddress.Parse(address));
        else
        {
            // The proxy's address is not known ahead (a container network): trust whoever is in front.
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
        }
        return app.UseForwardedHeaders(options);
    }
}
