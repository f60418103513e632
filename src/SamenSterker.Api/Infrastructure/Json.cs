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
