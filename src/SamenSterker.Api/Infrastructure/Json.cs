using System.Text.Json;
using System.Text.Json.Serialization;

namespace SamenSterker.Infrastructure;

public static class Json
{
    /// <summary>
    /// The API's JSON: camelCase, enums as camelCase strings (never numbers), and unknown fields
    /// refused, so a misspelt field is an error instead of silently lost data.
    /// </summary>
    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }
}

/// <summary>
/// A deterministic id from a name (SHA-256, marked as a version-8 UUID): the same name always
/// gives the same id, on any node, so a repeated action finds what the first one made.
/// </summary>
public static class NameBasedId
{
    public static Guid From(string name)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}

/// <summary>An enum value as the API writes it ("notAchieved", "gezinsplan").</summary>
public static class Words
{
    public static string Of<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}

/// <summary>Configuration for commands that run without the web host (e.g. <c>token</c>).</summary>
public static class CommandLineConfiguration
{
    public static IConfiguration Load()
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                          ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Development";
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
    }
}
