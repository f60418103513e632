using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Microsoft.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SamenSterker.Tests.Support;

/// <summary>
/// A real OpenID Connect provider for the tests (OpenIddict 7 on Kestrel, its clients in an in-memory EF store): the
/// authorization code flow with PKCE, user info, and end session. Its own sign-in is a page with one button, so a test
/// can tell "signed straight back in" from "asked to sign in". It serves on 127.0.0.1, another site than the app's
/// <c>app.localhost</c>, as an organisation's provider is.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "samensterker-web", ClientSecret = "tests-only-client-secret";
    private const string Session = "idp";
    private readonly WebApplication _app;

    public string Issuer { get; }

    /// <summary>How many times the provider handed a sign-in back (a loop shows as many).</summary>
    public int Authorizations { get; private set; }

    private TestIdentityProvider(WebApplication app, string issuer)
    {
        _app = app;
        Issuer = issuer;
    }

    public sealed class Store(DbContextOptions<Store> options) : DbContext(options);

    /// <param name="appBaseUrl">The app's address as the browser uses it (its redirect URIs are registered under it).</param>
    /// <param name="roles">The user's roles, sent as a JSON array (as many providers do).</param>
    public static async Task<TestIdentityProvider> Start(string appBaseUrl, string sub, string name, string email, string team, string[] roles)
    {
        var issuer = $"http://127.0.0.1:{ServiceNodes.FreePort()}/";
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls(issuer);
        builder.Logging.ClearProviders();
        var storeName = "idp-" + Guid.NewGuid(); // once: the options run for every context
        builder.Services.AddDbContext<Store>(o =>
        {
            o.UseInMemoryDatabase(storeName);
            o.UseOpenIddict();
        });
        builder.Services.AddAuthentication(Session).AddCookie(Session, o =>
        {
            o.Cookie.Name = "idp-session";
            o.LoginPath = "/login";
        });
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<Store>())
            .AddServer(o =>
            {
                o.SetIssuer(new Uri(issuer));
                o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo").SetEndSessionEndpointUris("connect/endsession");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.DisableAccessTokenEncryption();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        var app = builder.Build();
        var provider = new TestIdentityProvider(app, issuer);
        app.UseAuthentication();

        app.MapGet("/login", (HttpContext http) => Results.Content($"""
            <!DOCTYPE html><html lang="en"><head><title>Test provider</title></head><body>
            <h1>Test provider</h1><form method="post" action="/login?ReturnUrl={Uri.EscapeDataString(http.Request.Query["ReturnUrl"].ToString())}">
            <button type="submit" id="provider-sign-in">Sign in as {name}</button></form></body></html>
            """, "text/html"));
        app.MapPost("/login", async (HttpContext http) =>
        {
            await http.SignInAsync(Session, new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", sub)], Session)));
            var back = http.Request.Query["ReturnUrl"].ToString();
            return Results.Redirect(back.StartsWith('/') ? back : "/");
        });
        app.MapMethods("/connect/authorize", ["GET", "POST"], async (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest()!;
            if (!(await http.AuthenticateAsync(Session)).Succeeded)
                return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.Path + http.Request.QueryString }, [Session]);
            provider.Authorizations++;
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.AddClaim(new Claim(Claims.Subject, sub));
            identity.AddClaim(new Claim(Claims.Name, name));
            identity.AddClaim(new Claim(Claims.Email, email));
            identity.AddClaim(new Claim("team", team));
            foreach (var role in roles) identity.AddClaim(new Claim(Claims.Role, role));
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        app.MapMethods("/connect/userinfo", ["GET", "POST"], async (HttpContext http) =>
        {
            var token = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            if (!token.Succeeded) return Results.Challenge(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            // The role as an array: the shape that became the literal role ["professional"] before (issue 19, finding 10).
            return Results.Json(new Dictionary<string, object> { ["sub"] = sub, ["name"] = name, ["email"] = email, ["team"] = team, ["role"] = roles });
        });
        app.MapMethods("/connect/endsession", ["GET", "POST"], async (HttpContext http) =>
        {
            await http.SignOutAsync(Session);
            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        });

        await app.StartAsync();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId, ClientSecret = ClientSecret, ClientType = ClientTypes.Confidential, ConsentType = ConsentTypes.Implicit,
            RedirectUris = { new Uri(appBaseUrl + "/signin-oidc") },
            PostLogoutRedirectUris = { new Uri(appBaseUrl + "/signout-callback-oidc") },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code, Permissions.Scopes.Profile, Permissions.Scopes.Email,
            },
        });
        return provider;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
