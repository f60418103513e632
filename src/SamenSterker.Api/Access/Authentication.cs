using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SamenSterker.Access;

public sealed class AuthOptions
{
    /// <summary>When set, tokens of this OpenID Connect issuer are accepted instead of the signing key.</summary>
    public string? Authority { get; set; }
    public string Audience { get; set; } = "samensterker";

    /// <summary>Only for a development identity provider on plain http: keep true in production.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
    public string Issuer { get; set; } = "samensterker-dev";

    /// <summary>HS256 key for development and tests (at least 32 characters).</summary>
    public string? SigningKey { get; set; }

    /// <summary>The web app's client at the authority (authorization code flow); defaults to <see cref="Audience"/>.</summary>
    public string? WebClientId { get; set; }
    public string? WebClientSecret { get; set; }

    /// <summary>What the web app asks the authority for (space-separated); <c>email</c> so that reminders can be e-mailed.</summary>
    public string Scopes { get; set; } = "openid profile email";

    /// <summary>The development sign-in page and token command (only in Development too; see Access.DevelopmentDoor).</summary>
    public bool DevelopmentSignIn { get; set; }

    public SymmetricSecurityKey Key() => new(Encoding.UTF8.GetBytes(SigningKey ?? ""));
}

public static class AuthenticationSetup
{
    public static IServiceCollection AddSamenSterkerAuth(this IServiceCollection services, IConfiguration config)
    {
        var auth = config.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        if (string.IsNullOrWhiteSpace(auth.Authority) && (auth.SigningKey?.Length ?? 0) < 32)
            throw new InvalidOperationException("Configure Auth:Authority (OpenID Connect) or an Auth:SigningKey of at least 32 characters.");
        // Without this the service starts and then answers every request with a 500 (the metadata cannot be fetched).
        if (auth.Authority?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true && auth.RequireHttpsMetadata)
            throw new InvalidOperationException($"Auth:Authority {auth.Authority} is plain http: only a development identity provider may be, and then "
                + "with Auth:RequireHttpsMetadata=false (environment variable Auth__RequireHttpsMetadata).");

        // One scheme that picks: a bearer token when the request carries one (the API's clients), else the web app's
        // cookie (pages, and the pages' own calls to the API). The same policies then hold for both.
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = WebSignIn.Scheme;
                o.DefaultChallengeScheme = WebSignIn.Scheme;
            })
            .AddPolicyScheme(WebSignIn.Scheme, "Bearer token or the web app's cookie", o => o.ForwardDefaultSelector = http =>
                WebSignIn.ByCookie(http.Request) ? WebSignIn.CookieScheme : JwtBearerDefaults.AuthenticationScheme)
            .AddCookie(WebSignIn.CookieScheme, o =>
            {
                o.Cookie.Name = WebSignIn.CookieName;
                o.Cookie.HttpOnly = true;
                // Strict: no other site can make the browser send it. With an identity provider on another site, Lax: the way back
                // from its sign-in is a cross-site navigation, on which a Strict cookie is not sent (every return would start
                // a new sign-in: a loop). Lax still keeps it off cross-site POSTs, and the API takes JSON only and the pages'
                // forms carry an antiforgery token.
                o.Cookie.SameSite = string.IsNullOrWhiteSpace(auth.Authority) ? SameSiteMode.Strict : SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(10);
                o.SlidingExpiration = true;
                o.LoginPath = "/aanmelden";
                o.LogoutPath = "/afmelden";
                o.AccessDeniedPath = "/geen-toegang";
                // The API answers 401/403, never a redirect to a page.
                o.Events.OnRedirectToLogin = ctx => ApiOr(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, StatusCodes.Status403Forbidden);
            })
            .AddJwtBearer(o =>
        {
            o.MapInboundClaims = false; // keep "sub", "role", "team" as they are in the token
            o.TokenValidationParameters = new TokenValidationParameters
            {
                NameClaimType = "sub",
                RoleClaimType = "role",
                ValidAudience = auth.Audience,
                ValidateAudience = true,
                ClockSkew = TimeSpan.FromMinutes(1),
            };
            if (!string.IsNullOrWhiteSpace(auth.Authority))
            {
                o.Authority = auth.Authority;
                o.Audience = auth.Audience;
                o.RequireHttpsMetadata = auth.RequireHttpsMetadata;
            }
            else
            {
                o.TokenValidationParameters.ValidIssuer = auth.Issuer;
                o.TokenValidationParameters.IssuerSigningKey = auth.Key();
                o.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            }
            // Why a token was refused, once, at information level: the reason, never the token.
            o.Events = new JwtBearerEvents
            {
                OnAuthenticationFailed = ctx =>
                {
                    ctx.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("SamenSterker.Access.Tokens")
                        .LogInformation("Bearer token refused: {Reason}", ctx.Exception.GetType().Name + ": " + ctx.Exception.Message.Split('\n')[0]);
                    return Task.CompletedTask;
                },
            };
        });
        // Outside Development the sign-in cookie is sent over TLS only (behind a TLS proxy: Http:BehindProxy makes the request https).
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(WebSignIn.CookieScheme)
            .Configure<IHostEnvironment>((o, env) => o.Cookie.SecurePolicy = env.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        if (!string.IsNullOrWhiteSpace(auth.Authority)) WebSignIn.AddOpenIdConnect(services, auth);
        services.AddAuthorization(Access.Policies.Add);
        return services;
    }

    private static Task ApiOr(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api")) ctx.Response.StatusCode = status;
        else ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static string UserId(this ClaimsPrincipal user) => user.FindFirstValue("sub") ?? "";
}

/// <summary>Development tokens, signed with the configured key (the <c>token</c> command and the tests).</summary>
public static class DevTokens
{
    public static string Create(AuthOptions auth, string sub, string role, string? team, string? name, TimeSpan lifetime, string? email = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = sub, ["role"] = role };
        if (!string.IsNullOrWhiteSpace(team)) claims["team"] = team;
        if (!string.IsNullOrWhiteSpace(name)) claims["name"] = name;
        if (!string.IsNullOrWhiteSpace(email)) claims["email"] = email;
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(auth.Key(), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>
    /// <c>token --sub p-anna --role professional [--team noord] [--name "Anna"] [--email anna@example.org] [--hours 12]</c>:
    /// prints one token, alone, on standard output.
    /// </summary>
    public static int RunCommand(string[] args, IConfiguration config, string environmentName)
    {
        if (!Access.DevelopmentDoor.IsOpen(config, environmentName))
        {
            Console.Error.WriteLine($"The token command makes tokens for anyone: it works only in the Development environment with Auth:DevelopmentSignIn "
                                    + $"set and no Auth:Authority (this is {environmentName}).");
            return 2;
        }

        string? Arg(string name)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var sub = Arg("sub");
        var role = Arg("role");
        if (string.IsNullOrWhiteSpace(sub) || role is null || !Access.Roles.All.Contains(role))
        {
            Console.Error.WriteLine($"usage: token --sub <user id> --role <{string.Join('|', Access.Roles.All)}> [--team <team id>] [--name <name>] [--email <address>] [--hours <n>]");
            return 2;
        }

        var auth = config.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        if ((auth.SigningKey?.Length ?? 0) < 32)
        {
            Console.Error.WriteLine("Auth:SigningKey is not configured (at least 32 characters); development tokens need it.");
            return 2;
        }

        var hours = double.TryParse(Arg("hours"), System.Globalization.CultureInfo.InvariantCulture, out var h) ? h : 12;
        Console.Out.WriteLine(Create(auth, sub, role, Arg("team"), Arg("name"), TimeSpan.FromHours(hours), Arg("email")));
        return 0;
    }
}

/// <summary>
/// The web app's sign-in: a cookie holding the same claims a bearer token holds (sub, role, team, name), made by
/// OpenID Connect against Auth:Authority in production, or by the development sign-in page.
/// </summary>
public static class WebSignIn
{
    public const string Scheme = "samensterker";
    public const string CookieScheme = "cookie";
    public const string CookieName = "samensterker";
    public const string OidcScheme = "oidc";

    /// <summary>
    /// Whether the request is the web app's (its cookie) rather than an API client's: no bearer token, and for the API
    /// the cookie itself (an API call with neither gets the bearer scheme's 401).
    /// </summary>
    public static bool ByCookie(HttpRequest request) =>
        !request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && (!request.Path.StartsWithSegments("/api") || request.Cookies.ContainsKey(CookieName));

    public static ClaimsPrincipal Principal(string sub, string role, string? team, string? name)
    {
        var claims = new List<Claim> { new("sub", sub), new("role", role) };
        if (!string.IsNullOrWhiteSpace(team)) claims.Add(new Claim("team", team));
        if (!string.IsNullOrWhiteSpace(name)) claims.Add(new Claim("name", name));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieScheme, "sub", "role"));
    }

    /// <summary>With an authority, the pages sign in there (authorization code flow) and keep the result in the cookie.</summary>
    public static void AddOpenIdConnect(IServiceCollection services, AuthOptions auth)
    {
        services.AddAuthentication().AddOpenIdConnect(OidcScheme, o =>
        {
            o.Authority = auth.Authority;
            o.ClientId = auth.WebClientId ?? auth.Audience;
            o.ClientSecret = auth.WebClientSecret;
            o.ResponseType = "code";
            o.UsePkce = true;
            o.RequireHttpsMetadata = auth.RequireHttpsMetadata;
            o.SignInScheme = CookieScheme;
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = true;
            o.Scope.Clear();
            foreach (var scope in auth.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries)) o.Scope.Add(scope);
            // Signing out at the provider too (RP-initiated logout, when it offers an end-session endpoint), back to the start.
            o.SignedOutCallbackPath = "/signout-callback-oidc";
            o.SignedOutRedirectUri = "/aanmelden";
            o.TokenValidationParameters.NameClaimType = "sub";
            o.TokenValidationParameters.RoleClaimType = "role";
            // A role may come as one string or as an array of strings: one claim per role either way.
            o.ClaimActions.Add(new RolesClaimAction());
            o.ClaimActions.MapUniqueJsonKey("team", "team");
            o.ClaimActions.MapUniqueJsonKey("name", "name");
            o.ClaimActions.MapUniqueJsonKey("email", "email");
            o.Events.OnTokenValidated = ctx =>
            {
                // Roles from the ID token as an array arrive as one claim holding the JSON array: split it the same way.
                if (ctx.Principal?.Identity is System.Security.Claims.ClaimsIdentity identity) RolesClaimAction.Split(identity);
                return Task.CompletedTask;
            };
            // A call to the API with an expired cookie gets 401, not a redirect to the identity provider.
            o.Events.OnRedirectToIdentityProvider = ctx =>
            {
                if (!ctx.Request.Path.StartsWithSegments("/api")) return Task.CompletedTask;
                ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                ctx.HandleResponse();
                return Task.CompletedTask;
            };
        });
        services.PostConfigure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(CookieScheme, o => o.ForwardChallenge = OidcScheme);
    }
}

/// <summary>The <c>role</c> of the user info: a string or an array of strings, each its own claim (never the literal <c>["professional"]</c>).</summary>
public sealed class RolesClaimAction() : Microsoft.AspNetCore.Authentication.OAuth.Claims.ClaimAction("role", ClaimValueTypes.String)
{
    public override void Run(System.Text.Json.JsonElement userData, ClaimsIdentity identity, string issuer)
    {
        if (!userData.TryGetProperty("role", out var role)) return;
        var values = role.ValueKind == System.Text.Json.JsonValueKind.Array
            ? role.EnumerateArray().Where(r => r.ValueKind == System.Text.Json.JsonValueKind.String).Select(r => r.GetString()!)
            : role.ValueKind == System.Text.Json.JsonValueKind.String ? [role.GetString()!] : [];
        foreach (var value in values.Where(v => !identity.HasClaim("role", v))) identity.AddClaim(new Claim("role", value, ValueType, issuer));
        Split(identity);
    }

    /// <summary>A role claim whose value is a JSON array becomes one claim per element.</summary>
    public static void Split(ClaimsIdentity identity)
    {
        foreach (var claim in identity.FindAll("role").Where(c => c.Value.StartsWith('[')).ToList())
        {
            identity.RemoveClaim(claim);
            try
            {
                foreach (var value in System.Text.Json.JsonSerializer.Deserialize<string[]>(claim.Value) ?? [])
                    if (!identity.HasClaim("role", value)) identity.AddClaim(new Claim("role", value, ClaimValueTypes.String, claim.Issuer));
            }
            catch (System.Text.Json.JsonException) { /* not an array after all: no role from it */ }
        }
    }
}
