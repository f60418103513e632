using System.Threading.RateLimiting;
using Marten;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.AnswerLinks;

/// <summary>The client answers on their own phone (issue 22): links, the answers waiting for the check-in, and clearing them away.</summary>
public static class AnswerLinksSetup
{
    public static WebApplicationBuilder AddAnswerLinks(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AnswerLinkSettings>(builder.Configuration.GetSection("AnswerLinks"));
        builder.Services.ConfigureMarten(opts => opts.Schema.For<AnswerLink>()
            .UseOptimisticConcurrency(true)
            .Duplicate(x => x.TokenHash, configure: index => index.IsUnique = true)
            .Duplicate(x => x.CaseId));
        builder.Services.AddHostedService<ClearAwayOldLinks>();
        builder.Services.AddSingleton<Privacy.IErasureStep, ForgetLinksOnErasure>();
        var perMinute = builder.Configuration.GetValue("AnswerLinks:PerMinute", new AnswerLinkSettings().PerMinute);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = "60";
                var why = Say.In("Too many tries from this address. Wait a minute and try again.", "Te vaak geprobeerd. Wacht een minuut en probeer het opnieuw.");
                if (http.Request.Path.StartsWithSegments("/api"))
                    await Problems.Problem(StatusCodes.Status429TooManyRequests, "Too many requests", why).ExecuteAsync(http);
                else
                {
                    // The answer page on a phone: a page in words, not JSON.
                    http.Response.ContentType = "text/html; charset=utf-8";
                    var lang = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
                    await http.Response.WriteAsync($"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                        + $"<title>{System.Net.WebUtility.HtmlEncode(why)}</title><link rel=\"stylesheet\" href=\"/css/app.css\"></head><body class=\"client-page\"><main id=\"inhoud\" class=\"client-answer\">"
                        + $"<h1>{System.Net.WebUtility.HtmlEncode(why)}</h1></main></body></html>", ct);
                }
            };
            // Per address: a phone on the family's wifi; the secret's 256 bits do the real work.
            o.AddPolicy(AnswerOnOwnPhone.RateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) }));
        });
        return builder;
    }

    public static WebApplication MapAnswerLinks(this WebApplication app)
    {
        var cases = app.CaseRoutes("Answer links");
        CreateAnswerLink.Map(cases);
        AnswerLinksOfCheckIn.Map(cases);
        WithdrawAnswerLink.Map(cases);
        AnswerOnOwnPhone.Map(app);
        return app;
    }
}
