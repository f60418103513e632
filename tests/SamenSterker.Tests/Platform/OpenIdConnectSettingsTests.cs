using System.Security.Claims;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SamenSterker.Access;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Platform;

/// <summary>
/// Issue 19, finding 10, the parts that hold without a provider running: what the service asks a real OpenID Connect
/// provider for and how it reads its answer. The browser through a real provider on another site: Web/OpenIdConnectSignInTests.
/// </summary>
public sealed class OpenIdConnectSettingsTests(AppFixture app) : ApiTest(app)
{
    private static async Task<IAlbaHost> WithAuthority(string authority, bool requireHttps)
    {
        var runtime = await DatabaseRoles.RuntimeOnTestDatabase();
        return await AlbaHost.For<Program>(b =>
        {
            AppFixture.UseTestSettings(b, runtime);
            b.UseSetting("Projections:Daemon", "Disabled");
            b.UseSetting("Wolverine:Durability", "Solo");
            b.UseSetting("Reminders:Enabled", "false");
            b.UseSetting("Auth:Authority", authority);
            b.UseSetting("Auth:RequireHttpsMetadata", requireHttps ? "true" : "false");
            b.UseSetting("Auth:WebClientId", "samensterker-web");
        });
    }

    [Fact]
    public async Task an_http_authority_without_its_switch_stops_the_start_with_the_setting_named()
    {
        var refused = await Should.ThrowAsync<InvalidOperationException>(() => WithAuthority("http://127.0.0.1:9/", requireHttps: true));
        refused.Message.ShouldContain("Auth:RequireHttpsMetadata=false");
    }

    [Fact]
    public async Task with_a_provider_the_cookie_survives_the_way_back_asks_for_email_and_signs_out_there_too()
    {
        await using var host = await WithAuthority("http://127.0.0.1:9/", requireHttps: false);
        var cookie = host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(WebSignIn.CookieScheme);
        cookie.Cookie.SameSite.ShouldBe(SameSiteMode.Lax); // the return from another site is a cross-site navigation
        var oidc = host.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(WebSignIn.OidcScheme);
        oidc.Scope.ShouldBe(["openid", "profile", "email"], ignoreOrder: true);
        oidc.UsePkce.ShouldBeTrue();
        oidc.SignedOutRedirectUri.ShouldBe("/aanmelden");
        oidc.ClientId.ShouldBe("samensterker-web");

        // Without a provider the cookie stays Strict.
        Host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(WebSignIn.CookieScheme).Cookie.SameSite.ShouldBe(SameSiteMode.Strict);
    }

    [Theory]
    [InlineData("""{"sub": "p-anna", "role": "professional"}""", new[] { "professional" })]
    [InlineData("""{"sub": "p-anna", "role": ["professional", "teamlead"]}""", new[] { "professional", "teamlead" })]
    [InlineData("""{"sub": "p-anna", "role": 7}""", new string[0])]
    [InlineData("""{"sub": "p-anna"}""", new string[0])]
    public void a_role_from_the_provider_is_a_string_or_an_array_and_each_becomes_a_role(string userInfo, string[] roles)
    {
        var identity = new ClaimsIdentity("oidc", "sub", "role");
        using var json = JsonDocument.Parse(userInfo);
        new RolesClaimAction().Run(json.RootElement, identity, "issuer");
        identity.FindAll("role").Select(c => c.Value).ShouldBe(roles, ignoreOrder: true);
    }

    [Fact]
    public void a_role_claim_holding_a_json_array_in_the_id_token_is_split()
    {
        var identity = new ClaimsIdentity([new Claim("sub", "p-anna"), new Claim("role", """["auditor","teamlead"]""")], "oidc", "sub", "role");
        RolesClaimAction.Split(identity);
        identity.FindAll("role").Select(c => c.Value).ShouldBe(["auditor", "teamlead"], ignoreOrder: true);
    }

    [Fact]
    public async Task a_user_with_a_team_but_no_role_sees_no_client_on_the_pages_as_the_api_shows_none()
    {
        await Host.OpenCase();
        var token = AppFixture.Token("guest", "p-nobody", "noord");
        await Host.Send(HttpMethod.Get, "/api/cases", token: token, expect: 403);
        var page = await Host.Scenario(s =>
        {
            s.WithBearerToken(token);
            s.Get.Url("/");
            s.StatusCodeShouldBe(302);
        });
        page.Context.Response.Headers.Location.ToString().ShouldBe("/geen-toegang");
    }
}
