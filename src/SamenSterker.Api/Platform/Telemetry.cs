using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Npgsql;

namespace SamenSterker.Platform;

/// <summary>
/// An operator can see inside (issue 19): OpenTelemetry traces and metrics from ASP.NET Core, Npgsql, Marten and
/// Wolverine (each publishes its own activity sources and meters; we only listen), exported by OTLP when an endpoint is
/// configured (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, the standard variable) and scraped by Prometheus at <c>/metrics</c>
/// when <c>Telemetry:Prometheus=true</c>. Nothing personal: routes are patterns, and no span carries a body or a name.
/// docs/operations.md names the few that matter.
/// </summary>
public static class Telemetry
{
    /// <summary>The service's own spans (the reminder planning); Wolverine, Marten, Npgsql and ASP.NET Core have theirs.</summary>
    public static readonly System.Diagnostics.ActivitySource Source = new("SamenSterker");

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var otlp = !string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var prometheus = config.GetValue<bool>("Telemetry:Prometheus");
        if (!otlp && !prometheus) return builder; // nothing listens: no instrumentation costs a request anything

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(config["OTEL_SERVICE_NAME"] ?? "samensterker"))
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddRuntimeInstrumentation()
                    .AddMeter("Npgsql", "Marten", "Wolverine*", "SamenSterker.*");
                if (prometheus) m.AddPrometheusExporter();
                if (otlp) m.AddOtlpExporter();
            });
        if (otlp)
            telemetry.WithTracing(t => t
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = http => !http.Request.Path.StartsWithSegments("/health");
                    // The thread to the events and reminders of a request: its correlation id, and the case it concerns.
                    o.EnrichWithHttpResponse = (span, response) =>
                    {
                        span.SetTag("samensterker.correlation_id", Correlation.Id(response.HttpContext));
                        if (LoggedRoute.CaseOf(response.HttpContext) is { } caseId) span.SetTag("samensterker.case_id", caseId);
                    };
                })
                .AddNpgsql()
                .AddSource("Marten", "Wolverine", Source.Name)
                .AddOtlpExporter());
        return builder;
    }

    public static WebApplication MapTelemetry(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>("Telemetry:Prometheus")) app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }
}
