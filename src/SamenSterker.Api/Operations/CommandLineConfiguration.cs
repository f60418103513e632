namespace SamenSterker.Operations;

/// <summary>Configuration for commands that run without the web host (e.g. <c>token</c>).</summary>
public static class CommandLineConfiguration
{
    /// <summary>The environment a command runs in: ASPNETCORE_ENVIRONMENT, else DOTNET_ENVIRONMENT, else Production (as the host).</summary>
    public static string EnvironmentName =>
        Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production;

    public static IConfiguration Load()
    {
        var environment = EnvironmentName;
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
    }
}
