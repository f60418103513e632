using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SamenSterker.Access;

namespace SamenSterker.Web.Pages;

/// <summary>Signs out (the page's script has already cleared what this device kept).</summary>
public sealed class AfmeldenModel(IAuthenticationSchemeProvider schemes) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(WebSignIn.CookieScheme);
        // Clear-Site-Data: the browser drops this site's storage and caches too (no personal data stays behind).
        Response.Headers["Clear-Site-Data"] = "\"cache\", \"storage\"";
        // Signed in at an identity provider: sign out there too, or the next visit signs straight back in.
        if (await schemes.GetSchemeAsync(WebSignIn.OidcScheme) is not null)
            return SignOut(new AuthenticationProperties { RedirectUri = "/aanmelden" }, WebSignIn.OidcScheme);
        return Redirect("/aanmelden");
    }
}
