using System.Globalization;
using Microsoft.Extensions.Localization;
using SamenSterker.Access;
using SamenSterker.Platform;

namespace SamenSterker.Web;

/// <summary>The Dutch texts of the web app: <c>Web/Texts.resx</c>, one file, looked up by key.</summary>
public sealed class Texts;

/// <summary>
/// The professional's web app: server-rendered Razor Pages under <c>/</c> (folder <c>Web/Pages</c>), small plain
/// scripts in <c>wwwroot/js</c> where the browser must act alone (the check-in's steps and sliders, keeping a
/// check-in on the device while offline). Pages read through the same queries and access policy as the API; every
/// write goes through the API's own endpoints (the browser posts the JSON a client would), so there is one write path.
/// </summary>
public static class WebSetup
{
    public static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    public static WebApplicationBuilder AddWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddSamenSterkerWeb();
        return builder;
    }

    private static IServiceCollection AddSamenSterkerWeb(this IServiceCollection services)
    {
        services.AddLocalization();
        // Validation messages in the language the caller asks for (Accept-Language): FluentValidation has Dutch ones,
        // so the web app's fields say "'name' mag niet leeg zijn.". Only the UI culture: formats stay invariant.
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture("en");
            o.SupportedCultures = [CultureInfo.GetCultureInfo("en")];
            o.SupportedUICultures = [CultureInfo.GetCultureInfo("en"), .. ClientLanguages.All];
            o.RequestCultureProviders = [ClientLanguages.Provider(), new Microsoft.AspNetCore.Localization.AcceptLanguageHeaderRequestCultureProvider()];
        });
        // Dutch as it is written: ë and é in the HTML, not &#xEB;.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Web/Pages";
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Aanmelden");
            o.Conventions.AllowAnonymousToPage("/GeenToegang");
            o.Conventions.AllowAnonymousToPage("/Antwoord"); // the client's own phone: the link is the key
            o.Conventions.AllowAnonymousToPage("/GedeeldeSamenvatting"); // the summary on the family's phone: the link is the key
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "samensterker-af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.HeaderName = AntiforgeryHeader;
        });
        // The antiforgery cookie follows the request's scheme: with Always, ASP.NET refuses to render any form over plain http
        // (a 500 on every page of a Production instance tried out on http://127.0.0.1); it guards nothing without the sign-in
        // cookie, which is Secure outside Development.
        return services;
    }

    /// <summary>The web app's css, scripts and service worker (before logging: not worth a log line each), in the caller's language.</summary>
    public static IApplicationBuilder UseWebStaticFiles(this IApplicationBuilder app)
    {
        app.UseRequestLocalization();
        var types = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider();
        types.Mappings[".webmanifest"] = "application/manifest+json";
        return app.UseStaticFiles(new StaticFileOptions { ContentTypeProvider = types });
    }

    /// <summary>The header the pages' scripts send the antiforgery token in (from the page's meta tag).</summary>
    public const string AntiforgeryHeader = "RequestVerificationToken";

    /// <summary>
    /// A change to the API made with the web app's cookie (not a bearer token) must carry the page's antiforgery token,
    /// like every form of the pages: the cookie alone proves nothing about which page sent it.
    /// </summary>
    public static IApplicationBuilder UseAntiforgeryForCookieWrites(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var request = http.Request;
        if (request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && WebSignIn.ByCookie(request)
            && !await http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().IsRequestValidAsync(http))
        {
            await Problems.Problem(StatusCodes.Status403Forbidden, "The page is out of date",
                $"A change made from the web app carries the page's {AntiforgeryHeader}; reload the page and try again.").ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    public static WebApplication MapWeb(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }

    /// <summary>A child's face (1 sad … 5 happy) as the check-in draws it, for the pages that show a child's answer.</summary>
    public static Microsoft.AspNetCore.Html.HtmlString Face(int n, int size = 28)
    {
        var curve = new[] { -9, -5, 0, 5, 9 }[Math.Clamp(n, 1, 5) - 1];
        var color = new[] { "#c0392b", "#e67e22", "#f1c40f", "#7dbb42", "#27ae60" }[Math.Clamp(n, 1, 5) - 1];
        return new Microsoft.AspNetCore.Html.HtmlString(
            $"<svg viewBox=\"0 0 64 64\" width=\"{size}\" height=\"{size}\" aria-hidden=\"true\" class=\"face\"><circle cx=\"32\" cy=\"32\" r=\"29\" fill=\"{color}\" stroke=\"#1b1f24\" stroke-width=\"2\"/>"
            + "<circle cx=\"22\" cy=\"25\" r=\"4\" fill=\"#1b1f24\"/><circle cx=\"42\" cy=\"25\" r=\"4\" fill=\"#1b1f24\"/>"
            + $"<path d=\"M18 {44 - curve / 2.0:0.#} Q32 {44 + curve} 46 {44 - curve / 2.0:0.#}\" stroke=\"#1b1f24\" stroke-width=\"4\" fill=\"none\" stroke-linecap=\"round\"/></svg>");
    }

    /// <summary>A mark on a small line (0 left, 10 right), as the mark was put on the paper's line: for printed summaries.</summary>
    public static Microsoft.AspNetCore.Html.HtmlString MiniLine(double value, int width = 80)
    {
        var x = 4 + Math.Clamp(value, 0, 10) / 10 * (width - 8);
        return new Microsoft.AspNetCore.Html.HtmlString(string.Create(CultureInfo.InvariantCulture,
            $"<svg viewBox=\"0 0 {width} 14\" width=\"{width}\" height=\"14\" aria-hidden=\"true\" class=\"mini-line\"><line x1=\"4\" y1=\"7\" x2=\"{width - 4}\" y2=\"7\" stroke=\"#5b6770\" stroke-width=\"2\"/>"
            + $"<line x1=\"{x:0.#}\" y1=\"1\" x2=\"{x:0.#}\" y2=\"13\" stroke=\"#1f4e79\" stroke-width=\"3\"/></svg>"));
    }

    /// <summary>A mark on the line as a Dutch reader writes it: "7,5".</summary>
    public static string Mark(double value) => value.ToString("0.0", Dutch);

    /// <summary>"24 november 2026".</summary>
    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", Dutch);

    /// <summary>"3 december 2026 om 19:30", or the day alone when no time was agreed (a planned steunkring meeting).</summary>
    public static string DayAndTime(this IStringLocalizer<Texts> texts, DateOnly day, TimeOnly? at) =>
        at is { } time ? Date(day) + " " + texts.Text("Sk.At", time.ToString("HH:mm", Dutch)) : Date(day);

    /// <summary>A team as a sentence names it: "team noord", but "team-1" as it is (not "team team-1").</summary>
    public static string Team(string teamId) => teamId.StartsWith("team", StringComparison.OrdinalIgnoreCase) ? teamId : "team " + teamId;

    /// <summary>"24 nov." for tight tables.</summary>
    public static string ShortDate(DateOnly date) => date.ToString("d MMM", Dutch);

    /// <summary>A due date's urgency: overdue (red), within 14 days (amber), with the days in words.</summary>
    public static (string Css, string Words) Due(this IStringLocalizer<Texts> texts, DateOnly? due, DateOnly today)
    {
        if (due is not { } on) return ("", "");
        var days = on.DayNumber - today.DayNumber;
        return days switch
        {
            < 0 => ("overdue", texts.Text("Due.DaysLate", -days)),
            0 => ("soon", texts["Due.Today"]),
            1 => ("soon", texts["Due.Tomorrow"]),
            <= 14 => ("soon", texts.Text("Due.InDays", days)),
            _ => ("", texts.Text("Due.InDays", days)),
        };
    }

    /// <summary>
    /// The signals of the latest check-in in words, one per person and question, saying whose and the marks, the most
    /// worrying first: "Contact: moeder van 8,2 naar 2,9 (gedaald, laag)". A person without a name is named by their role.
    /// </summary>
    /// <param name="yours">Whether the viewer is the professional who answered ("jij"), else "professional".</param>
    public static IEnumerable<string> Signals(this IStringLocalizer<Texts> texts, IEnumerable<CheckIns.Signal> signals, bool yours = true) =>
        signals.GroupBy(s => (s.Question, s.Person ?? s.RespondentId)).OrderByDescending(CheckIns.SignalSeverity.Of).Select(g =>
        {
            var first = g.First();
            var who = first.Label ?? (first.Role is { } role ? texts["CheckIn.Role." + role].Value : texts["Signal.Someone"].Value);
            var gap = g.FirstOrDefault(s => s.Kind == CheckIns.SignalKind.Gap);
            var drop = g.FirstOrDefault(s => s.Kind == CheckIns.SignalKind.Drop);
            var marks = gap is { Value: { } v, Other: { } pro } ? texts.Text(yours ? "Signal.Line.Gap" : "Signal.Line.GapTeam", who, Mark(v), Mark(pro))
                : drop is { Value: { } now, Other: { } before } ? texts.Text("Signal.Line.Drop", who, Mark(before), Mark(now))
                : first.Value is { } value ? $"{who} {Mark(value)}" : who;
            var kinds = string.Join(", ", g.Select(s => texts["Signal." + System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(s.Kind.ToString())].Value).Distinct());
            return $"{texts["Question." + first.Question.ToString().ToLowerInvariant()].Value}: {marks} ({kinds})";
        });

    /// <summary>What a form says, in Dutch, for a refusal that names no field (the API's own detail is English): JSON for api-form.js.</summary>
    public static string ProblemTexts(this IStringLocalizer<Texts> texts) => System.Text.Json.JsonSerializer.Serialize(
        new[] { 403, 404, 409, 412, 422, 503 }.ToDictionary(s => s.ToString(), s => texts["Problem." + s].Value));

    /// <summary>The case, when this user may read it (as every API read decides); null for a missing case or another team's.</summary>
    public static async Task<Cases.Case?> ReadableCase(this Marten.IQuerySession session, System.Security.Claims.ClaimsPrincipal user, Guid id,
        CancellationToken ct) =>
        await session.LoadAsync<Cases.Case>(id, ct) is { } c && Access.Policies.Decide(user, c, Access.CaseAction.Read).Outcome == Access.AccessOutcome.Allowed
            ? c
            : null;

    public static string Text(this IStringLocalizer<Texts> texts, string key, params object[] args) =>
        args.Length == 0 ? texts[key].Value : string.Format(Dutch, texts[key].Value, args);
}
