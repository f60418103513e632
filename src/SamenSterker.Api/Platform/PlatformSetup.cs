using JasperFx;
using JasperFx.CodeGeneration;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;
using Serilog;
using Serilog.Formatting.Compact;

namespace SamenSterker.Platform;

/// <summary>
/// What every capability uses, registered once: logging, the HTTP contract (JSON, problem details, errors, validation,
/// OpenAPI, idempotency, correlation), the event store, messaging, the clock, health. Each capability then adds its own
/// part (<c>AddCases</c>, <c>AddCheckIns</c>, …) and maps its own endpoints.
/// </summary>
public static class PlatformSetup
{
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddLogging();
        builder.AddTelemetry();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // so bad JSON reaches ErrorHandling
        services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions["correlationId"] = Correlation.Id(ctx.HttpContext));
        services.AddExceptionHandler<ErrorHandling>();
        services.AddSamenSterkerOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseReady>("database", tags: ["ready"]);

        builder.AddEventStore();
        builder.AddMessaging();
        // Wolverine's handler code is generated ahead (ops/codegen.sh, committed in Internal/Generated) and loaded as
        // compiled types: no Roslyn compiler in the process (~150 MiB less memory, no first-message compile pause).
        services.CritterStackDefaults(x =>
        {
            x.Development.GeneratedCodeMode = TypeLoadMode.Static;
            x.Production.GeneratedCodeMode = TypeLoadMode.Static;
            x.Development.AssertAllPreGeneratedTypesExist = true;
            x.Production.AssertAllPreGeneratedTypesExist = true;
        });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AmsterdamCalendar>();
        services.AddHttpContextAccessor();
        services.AddHostedService<IdempotencyKeyCleanup>();
        return builder;
    }

    /// <summary>Structured logs (Serilog): one line per request with its correlation id; text or JSON (Logging:Json).</summary>
    private static void AddLogging(this WebApplicationBuilder builder)
    {
        // preserveStaticLogger: each host (several run side by side in the tests) keeps its own logger.
        builder.Services.AddSerilog(preserveStaticLogger: true, configureLogger: (services, log) =>
        {
            log.ReadFrom.Configuration(builder.Configuration).ReadFrom.Services(services).Enrich.FromLogContext();
            if (!builder.Configuration.GetValue("Logging:Console", true)) return;
            // Written on a background thread: a request never waits for the console.
            if (builder.Configuration.GetValue<bool>("Logging:Json"))
                log.WriteTo.Async(sink => sink.Console(new RenderedCompactJsonFormatter()));
            else
                log.WriteTo.Async(sink => sink.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {CorrelationId} {SourceContext}: {Message:lj}{NewLine}{Exception}"));
        });
    }

    /// <summary>The HTTP contract's part of the pipeline: clean URLs, one log line per request, errors as problem details,
    /// body size, idempotency keys.</summary>
    public static WebApplication UseHttpContract(this WebApplication app)
    {
        app.UseCleanTextInUrls();
        app.UseSerilogRequestLogging(o =>
        {
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            o.Logger = app.Services.GetService<Serilog.ILogger>();
            o.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                diagnostics.Set("UserId", http.User.FindFirst("sub")?.Value ?? "");
                if (LoggedRoute.CaseOf(http) is { } caseId) diagnostics.Set("CaseId", caseId);
            };
            // The route's pattern, not the path: a path may hold a secret (an answer link, a calendar feed).
            o.GetMessageTemplateProperties = (http, _, elapsed, status) =>
            [
                new Serilog.Events.LogEventProperty("RequestMethod", new Serilog.Events.ScalarValue(http.Request.Method)),
                new Serilog.Events.LogEventProperty("RequestPath", new Serilog.Events.ScalarValue(LoggedRoute.Of(http))),
                new Serilog.Events.LogEventProperty("StatusCode", new Serilog.Events.ScalarValue(status)),
                new Serilog.Events.LogEventProperty("Elapsed", new Serilog.Events.ScalarValue(elapsed)),
            ];
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseBodySizeLimit();
        app.UseIdempotencyKeys();
        return app;
    }

    /// <summary>The OpenAPI document and its reference, liveness and readiness.</summary>
    public static WebApplication MapPlatform(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", o => o.WithTitle("Samen Sterker API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        app.MapTelemetry();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}
