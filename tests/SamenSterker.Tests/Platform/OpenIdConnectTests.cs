using System.Security.Cryptography;
using Alba;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
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

    /// <summary>The service with <paramref name="authority"/> as its identity provider (web client "samensterker-web").</summary>
    private static async Task<IAlbaHost> HostTrusting(string authority)
    {
        var runtime = await DatabaseRoles.RuntimeOnTestDatabase();
        return await AlbaHost.For<Program>(b =>
    {
        AppFixture.UseTestSettings(b, runtime);
        b.UseSetting("Auth:Authority", authority);
        b.UseSetting("Auth:RequireHttpsMetadata", "false");
        b.UseSetting("Auth:WebClientId", "samensterker-web");
        b.UseSetting("Projections:Daemon", "Disabled");
        b.UseSetting("Wolverine:Durability", "Solo");
        b.UseSetting("Reminders:Enabled", "false");
    });
    }

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
