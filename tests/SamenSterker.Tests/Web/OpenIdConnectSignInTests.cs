using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SamenSterker.Access;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Web;

/// <summary>
/// Issue 19, finding 10, end to end: the web app (as Production) signs in through a real OpenID Connect provider on
/// another site — the browser on http://app.localhost, the provider on 127.0.0.1 — and signs out there too.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OpenIdConnectSignInTests(BrowserFixture web)
{
    [Fact]
    public async Task a_user_signs_in_at_the_organisations_provider_on_another_site_once_and_signing_out_signs_out_there_too()
    {
        var port = ServiceNodes.FreePort();
        var appUrl = $"http://app.localhost:{port}";
        await using var provider = await TestIdentityProvider.Start(appUrl, "p-olga", "Olga de Wit", "olga@example.org", "noord", ["professional"]);
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            AppFixture.UseTestSettings(b, BrowserFixture.ConnectionString);
            b.UseEnvironment("Production");
            b.UseSetting("Auth:Authority", provider.Issuer);
            b.UseSetting("Auth:RequireHttpsMetadata", "false");
            b.UseSetting("Auth:WebClientId", TestIdentityProvider.ClientId);
            b.UseSetting("Auth:WebClientSecret", TestIdentityProvider.ClientSecret);
            b.UseSetting("Projections:Daemon", "Disabled");
            b.UseSetting("Wolverine:Durability", "Solo");
            b.UseSetting("Reminders:Enabled", "false");
            b.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            b.UseUrls($"http://127.0.0.1:{port}");
        });
        app.UseKestrel();
        app.StartServer();

        var context = await web.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "nl-NL" });
        var page = await context.NewPageAsync();
        var returns = 0;
        page.Request += (_, request) => { if (request.Url.Contains("/signin-oidc")) returns++; };

        // Not signed in anywhere: the app sends the browser to the provider, which asks who you are.
        await page.GotoAsync(appUrl + "/");
        await Assertions.Expect(page.Locator("#provider-sign-in")).ToBeVisibleAsync();
        await page.ClickAsync("#provider-sign-in");

        // Back at the app, signed in once (a Strict cookie looped here), by name, with the role the provider sent as an array.
        await Assertions.Expect(page.Locator("header .who")).ToContainTextAsync("Aangemeld als Olga de Wit (professional)");
        page.Url.ShouldStartWith(appUrl);
        returns.ShouldBe(1);
        provider.Authorizations.ShouldBe(1);
        var cookie = (await context.CookiesAsync(appUrl)).Single(c => c.Name == WebSignIn.CookieName);
        cookie.SameSite.ShouldBe(SameSiteAttribute.Lax);
        cookie.HttpOnly.ShouldBeTrue();
        // The e-mail scope is asked for: her reminders can be e-mailed.
        await using (var session = app.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession())
            (await session.LoadAsync<UserProfile>("p-olga"))!.Email.ShouldBe("olga@example.org");

        // Signing out signs out at the provider too: the next visit asks again instead of signing straight back in.
        await page.ClickAsync("header form[data-sign-out] button[type=submit]");
        await page.WaitForURLAsync(url => url.StartsWith(provider.Issuer + "login") || url.Contains("/aanmelden"), new() { Timeout = 15_000 });
        await page.GotoAsync(appUrl + "/");
        await Assertions.Expect(page.Locator("#provider-sign-in")).ToBeVisibleAsync();
        provider.Authorizations.ShouldBe(1);
        await context.CloseAsync();
    }
}
