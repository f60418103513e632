
namespace SamenSterker.Access;

/// <summary>
/// The development sign-in page and the <c>token</c> command let anyone be anyone: they open only in the Development
/// environment and only with <c>Auth:DevelopmentSignIn</c> set (appsettings.Development.json sets it), never with
/// an identity provider configured. Outside Development the service refuses to start with a secret that this
/// repository publishes: a token signed with the development key would otherwise be accepted in production.
/// </summary>
public static class DevelopmentDoor
{
    /// <summary>Secrets written in this repository (appsettings.Development.json, docker-compose's former defaults).</summary>
    private static readonly (string Setting, string Value)[] Published =
    [
        ("Auth:SigningKey", "development-only-signing-key-change-me-0123456789"),
        ("Analytics:PseudonymKey", "development-only-pseudonym-key-change-me-012345"),
        ("Analytics:AnalystPassword", "analyst-dev"),
    ];

    public static bool IsOpen(IConfiguration config, IHostEnvironment environment) => IsOpen(config, environment.EnvironmentName);

    public static bool IsOpen(IConfiguration config, string environmentName) =>
        string.Equals(environmentName, Environments.Development, StringComparison.OrdinalIgnoreCase)
        && config.GetValue<bool>("Auth:DevelopmentSignIn")
        && string.IsNullOrWhiteSpace(config["Auth:Authority"]);

    /// <summary>Throws, naming the setting, when a published secret is configured outside Development.</summary>
    public static void RefusePublishedSecrets(IConfiguration config, IHostEnvironment environment)
    {
        if (environment.IsDevelopment()) return;
        foreach (var (setting, value) in Published)
            if (config[setting] == value)
                throw new InvalidOperationException(
                    $"{setting} is the development value published in this repository; the {environment.EnvironmentName} environment refuses it. "
                    + $"Set a secret of your own (environment variable {setting.Replace(":", "__")}); see docs/operations.md.");
        if (config.GetValue<bool>("Auth:DevelopmentSignIn"))
            throw new InvalidOperationException(
                $"Auth:DevelopmentSignIn lets anyone sign in as anyone; it is for the Development environment only, not {environment.EnvironmentName}.");
    }
}
