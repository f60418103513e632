using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Audit;

/// <summary>The auditor's capability: the hash chain and the record's guards, the NEN 7513 access log, the history.</summary>
public static class AuditSetup
{
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        // Our parts of the schema, after the event store's own (applied at start-up, or by `migrate` as the owner).
        builder.Services.AddSingleton<ISchemaPart, EventChainSchema>();
        builder.Services.AddSingleton<ISchemaPart, AccessLogSchema>();
        builder.Services.AddSingleton<Privacy.IErasureStep, ForgetSealOnErasure>();
        builder.Services.AddSingleton<AccessLogWriter>();
        builder.Services.AddHostedService(s => s.GetRequiredService<AccessLogWriter>());
        return builder;
    }

    /// <summary>Before authorization, so that refused requests are logged too. Off only to measure its cost (ops/bench-audit.sh).</summary>
    public static WebApplication UseAccessLog(this WebApplication app)
    {
        if (app.Configuration.GetValue("AccessLog:Enabled", true)) app.LogEveryAccess();
        else app.Logger.LogWarning("AccessLog:Enabled is false: accesses to client data are NOT logged (NEN 7513). For benchmarks only");
        return app;
    }

    public static WebApplication MapAudit(this WebApplication app)
    {
        CaseHistory.Map(app.CaseRoutes("Audit"));
        GetAccessLog.Map(app);
        return app;
    }
}
