using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SamenSterker.AnswerLinks;
using SamenSterker.Audit;
using SamenSterker.CheckIns;

namespace SamenSterker.Web.Pages;

/// <summary>
/// The five questions on the client's own phone, reached by their link: their name, the questions in their words, the line
/// or the faces, their own words. Nothing else of the case — no other names, no history, no case number. A link that does
/// not work says so in words and nothing about a case. The answers go to the API (POST /api/answer-links/{secret}/answers).
/// </summary>
[IgnoreAntiforgeryToken] // nothing is posted to this page; the answers go to the API without a cookie
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(AnswerOnOwnPhone.RateLimit)] // as the answers' endpoint: guessing is slowed on both
public sealed class AntwoordModel(IQuerySession session, TimeProvider time, SamenSterker.Access.UserDirectory directory) : PageModel
{
    public AnswerLink? Link { get; private set; }
    public string? Refused { get; private set; }
    public string Secret { get; private set; } = "";

    /// <summary>The professional who made the link, by name: the person knows whom they answer (nothing of the case).</summary>
    public string? AskedBy { get; private set; }
    public CultureInfo Language => CultureInfo.CurrentUICulture;
    public static IReadOnlyList<Question> Questions { get; } = Enum.GetValues<Question>();

    public async Task<IActionResult> OnGetAsync(string secret, string? taal, CancellationToken ct)
    {
        if (taal is { Length: > 0 } && ClientLanguages.All.Any(c => c.Name == taal))
            Response.Cookies.Append(ClientLanguages.Cookie, taal, new CookieOptions
            {
                Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps, MaxAge = TimeSpan.FromDays(365),
            });
        Secret = secret;
        var link = await AnswerOnOwnPhone.Find(session, secret, ct);
        if (link is not null) HttpContext.AttributeAccessTo($"person:{link.PersonId}", link.CaseId, link.TeamId);
        if (AnswerOnOwnPhone.Refusal(link, time.GetUtcNow()) is { } refused)
        {
            Refused = refused.Why;
            Response.StatusCode = refused.Status;
            return Page();
        }
        Link = link;
        // A user id is never shown: for a professional the directory has no name for, no line at all.
        AskedBy = SamenSterker.Access.UserDirectory.KnownName(await directory.NamesOf([link!.CreatedBy], ct), link.CreatedBy);
        return Page();
    }
}
