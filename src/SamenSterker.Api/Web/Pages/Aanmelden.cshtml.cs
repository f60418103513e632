using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SamenSterker.Access;

namespace SamenSterker.Web.Pages;

/// <summary>
/// Development sign-in: pick who you are (like the <c>token</c> command), only where <see cref="DevelopmentDoor"/> is
/// open. With Auth:Authority set, this page sends you to the organisation's identity provider instead.
/// </summary>
public sealed partial class AanmeldenModel(IWebHostEnvironment environment, IConfiguration configuration) : PageModel
{
    public static readonly (string Sub, string Role, string Team, string Name)[] Examples =
    [
        ("p-anna", Roles.Professional, "noord", "Anna de Vries"),
        ("p-bert", Roles.Professional, "noord", "Bert Jansen"),
        ("t-tom", Roles.TeamLead, "noord", "Tom Bakker"),
        ("a-ada", Roles.Auditor, "", "Ada Smit"),
    ];

    [BindProperty] public string? Sub { get; set; } = "p-anna";
    [BindProperty] public string? Role { get; set; } = Roles.Professional;
    [BindProperty] public string? Team { get; set; } = "noord";
    [BindProperty] public string? Name { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public bool Invalid { get; private set; }

    private bool UsesAuthority => !string.IsNullOrWhiteSpace(configuration["Auth:Authority"]);

    /// <summary>Only in Development, with Auth:DevelopmentSignIn, and without a real identity provider.</summary>
    public bool Available => DevelopmentDoor.IsOpen(configuration, environment);

    public IActionResult OnGet() =>
        UsesAuthority ? Challenge(new AuthenticationProperties { RedirectUri = SafeReturn() }, WebSignIn.OidcScheme) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Available) return NotFound();
        var team = string.IsNullOrWhiteSpace(Team) ? null : Team.Trim();
        if (Sub is null || !SaneId().IsMatch(Sub) || Role is null || !Roles.All.Contains(Role)
            || team is not null && !SaneId().IsMatch(team) || team is null && Role is Roles.Professional or Roles.TeamLead)
        {
            Invalid = true;
            return Page();
        }
        await HttpContext.SignInAsync(WebSignIn.CookieScheme, WebSignIn.Principal(Sub, Role, team, Name?.Trim()));
        return LocalRedirect(SafeReturn());
    }

    private string SafeReturn() => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";

    [GeneratedRegex("^[A-Za-z0-9._@:-]{1,100}$")]
    private static partial Regex SaneId();
}
