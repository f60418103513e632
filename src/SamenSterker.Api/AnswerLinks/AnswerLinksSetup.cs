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
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await Problems.Problem(StatusCodes.Status429TooManyRequests, "Too many requests",
                    Say.In("Too many tries from this address. Wait a minute and try again.", "Te vaak geprobeerd. Wacht een minuut en probeer het opnieuw."))
                    .ExecuteAsync(context.HttpContext);
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
