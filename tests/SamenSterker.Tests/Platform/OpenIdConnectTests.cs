using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SamenSterker.Access;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Platform;

/// <summary>
/// With Auth:Authority set, the service accepts the tokens of that OpenID Connect issuer (found
/// through its discovery document and keys) — here a small issuer on loopback inside the test.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenIdConnectTests
{
    [Fact]
    public async Task tokens_of_the_configured_issuer_are_accepted_and_others_refused()
    {
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "test-key" };
        await using var issuer = await StartIssuer(key);
        var authority = issuer.Urls.Single();

        await using var host = await HostTrusting(authority);

        var good = Token(new SigningCredentials(key, SecurityAlgorithms.RsaSha256), authority);
        using var other = RSA.Create(2048);
        var forged = Token(new SigningCredentials(new RsaSecurityKey(other) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256), authority);
        var devToken = AppFixture.Token(); // signed with a shared key: not this issuer's

        await host.Send(HttpMethod.Get, $"/api/cases/{Guid.NewGuid()}", token: good, expect: 404); // through authentication: no such case
        await host.Send(HttpMethod.Get, $"/api/cases/{Guid.NewGuid()}", token: forged, expect: 401);
        await host.Send(HttpMethod.Get, $"/api/cases/{Guid.NewGuid()}", token: devToken, expect: 401);
    }

    private static string Token(SigningCredentials credentials, string issuer) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = "samensterker",
        Claims = new Dictionary<string, object> { ["sub"] = "p-oidc", ["role"] = "professional", ["team"] = "noord" },
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = credentials,
    });

    [Fact]
    public async Task the_web_app_signs_in_at_the_configured_issuer_and_the_api_still_answers_401()
    {
        using var rsa = RSA.Create(2048);
        await using var issuer = await StartIssuer(new RsaSecurityKey(rsa) { KeyId = "test-key" });
        var authority = issuer.Urls.Single();
        await using var host = await HostTrusting(authority);

        // A page: to the issuer's authorization endpoint, code flow with PKCE, back to /signin-oidc.
        var challenge = await host.Scenario(s => { s.Get.Url("/"); s.StatusCodeShouldBe(302); });
        var authorize = new Uri(challenge.Context.Response.Headers.Location.ToString());
        authorize.GetLeftPart(UriPartial.Path).ShouldBe($"{authority}/authorize");
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Query);
        query["client_id"].ToString().ShouldBe("samensterker-web");
        query["response_type"].ToString().ShouldBe("code");
        query["code_challenge_method"].ToString().ShouldBe("S256");
        query["redirect_uri"].ToString().ShouldEndWith("/signin-oidc");
        // The sign-in page sends there too: no development users next to a real identity provider.
        var fromSignInPage = await host.Scenario(s => { s.Get.Url("/aanmelden"); s.StatusCodeShouldBe(302); });
        fromSignInPage.Context.Response.Headers.Location.ToString().ShouldStartWith($"{authority}/authorize");

        // The API is not redirected anywhere: 401.
        await host.Scenario(s => { s.Get.Url("/api/cases"); s.StatusCodeShouldBe(401); });
    }

    // Issue 19, finding 10, the parts that hold without a provider running (the browser through a real one on another
    // site: Web/OpenIdConnectSignInTests): what the service asks a provider for, and how it reads its answer.

    [Fact]
    public async Task an_http_authority_without_its_switch_stops_the_start_with_the_setting_named()
    {
        var refused = await Should.ThrowAsync<InvalidOperationException>(() => HostTrusting("http://127.0.0.1:9/", requireHttps: true));
        refused.Message.ShouldContain("Auth:RequireHttpsMetadata=false");
    }

    [Fact]
    public async Task with_a_provider_the_cookie_survives_the_way_back_asks_for_email_and_signs_out_there_too()
    {
        await using var host = await HostTrusting("http://127.0.0.1:9/");
        var cookie = host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(WebSignIn.CookieScheme);
        cookie.Cookie.SameSite.ShouldBe(SameSiteMode.Lax); // the return from another site is a cross-site navigation
        var oidc = host.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(WebSignIn.OidcScheme);
        oidc.Scope.ShouldBe(["openid", "profile", "email"], ignoreOrder: true);
        oidc.UsePkce.ShouldBeTrue();
        oidc.SignedOutRedirectUri.ShouldBe("/aanmelden");
        oidc.ClientId.ShouldBe("samensterker-web");

        // Without a provider the cookie stays Strict.
        await using var plain = await AppFixture.AnotherInstance();
        plain.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(WebSignIn.CookieScheme).Cookie.SameSite.ShouldBe(SameSiteMode.Strict);
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
        await using var host = await AppFixture.AnotherInstance();
        var token = AppFixture.Token("guest", "p-nobody", "noord");
        await host.Send(HttpMethod.Get, "/api/cases", token: token, expect: 403);
        var page = await host.Scenario(s =>
        {
            s.WithBearerToken(token);
            s.Get.Url("/");
            s.StatusCodeShouldBe(302);
        });
        page.Context.Response.Headers.Location.ToString().ShouldBe("/geen-toegang");
    }

    /// <summary>The service with <paramref name="authority"/> as its identity provider (web client "samensterker-web").</summary>
    private static Task<IAlbaHost> HostTrusting(string authority, bool requireHttps = false) => AppFixture.AnotherInstance(configure: b =>
    {
        b.UseSetting("Auth:Authority", authority);
        b.UseSetting("Auth:RequireHttpsMetadata", requireHttps ? "true" : "false");
        b.UseSetting("Auth:WebClientId", "samensterker-web");
    });

    private static async Task<WebApplication> StartIssuer(RsaSecurityKey key)
    {
        var app = WebApplication.CreateBuilder().Build();
        app.Urls.Add("http://127.0.0.1:0");
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
        app.MapGet("/.well-known/openid-configuration", (HttpContext http) =>
        {
            var self = $"{http.Request.Scheme}://{http.Request.Host}";
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = self, ["jwks_uri"] = $"{self}/jwks", ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["authorization_endpoint"] = $"{self}/authorize", ["token_endpoint"] = $"{self}/token",
            });
        });
        app.MapGet("/jwks", () => Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, e = jwk.E, n = jwk.N, alg = "RS256" } } }));
        await app.StartAsync();
        return app;
    }
}
