using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SamenSterker.Infrastructure;

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

    public SymmetricSecurityKey Key() => new(Encoding.UTF8.GetBytes(SigningKey ?? ""));
}

public static class AuthenticationSetup
{
    public static IServiceCollection AddSamenSterkerAuth(this IServiceCollection services, IConfiguration config)
    {
        var auth = config.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        if (string.IsNullOrWhiteSpace(auth.Authority) && (auth.SigningKey?.Length ?? 0) < 32)
            throw new InvalidOperationException("Configure Auth:Authority (OpenID Connect) or an Auth:SigningKey of at least 32 characters.");

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
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
        });
        services.AddAuthorization(Access.Policies.Add);
        return services;
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
    public static int RunCommand(string[] args, IConfiguration config)
    {
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
