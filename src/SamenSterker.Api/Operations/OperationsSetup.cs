namespace SamenSterker.Operations;

/// <summary>Running the service: work set aside (listed, counted in /health, replayed) and the commands.</summary>
public static class OperationsSetup
{
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<SetAsideCheck>("set-aside", tags: ["live"]);
        return builder;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapSetAside();
        return app;
    }
}
