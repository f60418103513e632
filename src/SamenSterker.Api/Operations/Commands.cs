using JasperFx;
using SamenSterker.Access;
using SamenSterker.Audit;
using SamenSterker.Platform;

namespace SamenSterker.Operations;

/// <summary>
/// The service's commands (<c>ops/run.sh &lt;command&gt;</c>, or <c>dotnet SamenSterker.Api.dll &lt;command&gt;</c>). Some run
/// before any host exists (a token, a health probe); the others need the host's services but never serve.
/// </summary>
public static class Commands
{
    /// <summary><c>token …</c> (development only) and <c>probe URL</c> (container health checks): no host, no database.</summary>
    public static async Task<int?> RunWithoutHost(string[] args) => args switch
    {
        ["token", ..] => DevTokens.RunCommand(args, CommandLineConfiguration.Load(), CommandLineConfiguration.EnvironmentName),
        ["probe", var url] => await HealthProbe.Run(url),
        _ => null,
    };

    /// <summary>What a command changes in the host's configuration before the services are built.</summary>
    public static void Prepare(WebApplicationBuilder builder, string[] args)
    {
        if (args is ["projections", "rebuild"]) builder.Configuration["Database:CustomPlans"] = "true"; // see EventStore.ConnectionString
        if (args is ["migrate", ..]) DatabaseSchema.UseOwnerConnection(builder.Configuration); // the schema's owner, not the runtime role
    }

    /// <summary>Runs the command named by <paramref name="args"/> with the built host; null when the host is to serve.</summary>
    public static async Task<int?> Run(WebApplication app, string[] args) => args switch
    {
        ["migrate", ..] => await DatabaseSchema.RunMigrateCommand(app.Services, app.Configuration),
        ["projections", "rebuild"] => await ProjectionRebuild.RunCommand(app.Services),
        ["audit", "verify"] => await CaseHistory.RunVerifyCommand(app.Services),
        ["set-aside", .. var rest] => await SetAside.RunCommand(app.Services, rest),
        ["codegen", ..] => await app.RunJasperFxCommands(args), // ops/codegen.sh: writes Internal/Generated (Wolverine's handlers)
        _ => null,
    };
}
