using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;
using SamenSterker.Agreements;
using SamenSterker.Alliance;
using SamenSterker.Analytics;
using SamenSterker.Audit;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Corrections;
using SamenSterker.Infrastructure;
using SamenSterker.Reminders;
using SamenSterker.Steunkring;
using Serilog;
using Serilog.Formatting.Compact;
using SamenSterker.Operations;
using SamenSterker.Privacy;
using SamenSterker.Access;
using SamenSterker.Web;
using JasperFx;
using JasperFx.CodeGeneration;

if (args is ["token", ..])
    return DevTokens.RunCommand(args, CommandLineConfiguration.Load(), CommandLineConfiguration.EnvironmentName);
if (args is ["probe", var probeUrl])
    return await HealthProbe.Run(probeUrl);

var builder = WebApplication.CreateBuilder(args);
DevelopmentDoor.RefusePublishedSecrets(builder.Configuration, builder.Environment);
if (args is ["projections", "rebuild"]) builder.Configuration["Database:CustomPlans"] = "true"; // see EventStore.ConnectionString
if (args is ["migrate", ..]) DatabaseSchema.UseOwnerConnection(builder.Configuration); // the schema's owner, not the runtime role

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

builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // so bad JSON reaches ErrorHandling
builder.Services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
    ctx.ProblemDetails.Extensions["correlationId"] = Correlation.Id(ctx.HttpContext));
builder.Services.AddExceptionHandler<ErrorHandling>();
builder.Services.AddSamenSterkerOpenApi();
builder.Services.AddSamenSterkerWeb();
builder.Services.AddSharedKeyRing(); // one key ring for every instance: cookies and antiforgery tokens work on any
builder.Services.AddHealthChecks()
    .AddCheck<DatabaseReady>("database", tags: ["ready"])
    .AddCheck<SetAsideCheck>("set-aside", tags: ["live"]);

builder.Services.AddSamenSterkerAuth(builder.Configuration);
builder.Services.AddSamenSterkerEventStore(builder.Configuration);
// Wolverine's handler code is generated ahead (ops/codegen.sh, committed in Internal/Generated) and loaded as
// compiled types: no Roslyn compiler in the process (~150 MiB less memory, no first-message compile pause).
builder.Services.CritterStackDefaults(x =>
{
    x.Development.GeneratedCodeMode = TypeLoadMode.Static;
    x.Production.GeneratedCodeMode = TypeLoadMode.Static;
    x.Development.AssertAllPreGeneratedTypesExist = true;
    x.Production.AssertAllPreGeneratedTypesExist = true;
});
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<AmsterdamCalendar>();
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<CaseWriter>();
builder.AddSamenSterkerReminders();
builder.Services.AddHostedService<IdempotencyKeyCleanup>();
// Our parts of the schema, in order, after the event store's own (applied at start-up, or by `migrate` as the owner).
builder.Services.AddSingleton<ISchemaPart, EventChainSchema>();
builder.Services.AddSingleton<ISchemaPart, AccessLogSchema>();
builder.Services.AddSingleton<ISchemaPart, AnalystRoleSetup>();
builder.Services.AddDatabaseSchema(builder.Configuration);
builder.Services.AddSingleton<AccessLogWriter>();
builder.Services.AddHostedService(s => s.GetRequiredService<AccessLogWriter>());

var app = builder.Build();

if (args is ["projections", "rebuild"])
    return await ProjectionRebuild.RunCommand(app.Services);
if (args is ["migrate", ..])
    return await DatabaseSchema.RunMigrateCommand(app.Services, app.Configuration);
if (args is ["audit", "verify"])
    return await CaseHistory.RunVerifyCommand(app.Services);
if (args is ["seed", ..])
    return await SeedDemoData.RunCommand(app.Services, args);
if (args is ["codegen", ..])
    return await app.RunJasperFxCommands(args); // ops/codegen.sh: writes Internal/Generated (Wolverine's handlers)
if (args is ["set-aside", .. var setAsideArgs])
    return await SetAside.RunCommand(app.Services, setAsideArgs);

app.UseCorrelationIds();
app.UseSamenSterkerStaticFiles(); // the web app's css, scripts and service worker (before logging: not worth a log line each)
app.UseCleanTextInUrls();
app.UseSerilogRequestLogging(o =>
{
    o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
    o.Logger = app.Services.GetService<Serilog.ILogger>();
    o.EnrichDiagnosticContext = (diagnostics, http) => diagnostics.Set("UserId", http.User.UserId());
});
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseBodySizeLimit();
app.UseIdempotencyKeys();
app.UseAuthentication();
app.UseAntiforgeryForCookieWrites();
// Before authorization, so that refused requests are logged too. Off only to measure its cost (ops/bench-audit.sh).
if (app.Configuration.GetValue("AccessLog:Enabled", true)) app.UseAccessLog();
else app.Logger.LogWarning("AccessLog:Enabled is false: accesses to client data are NOT logged (NEN 7513). For benchmarks only");
app.UseAuthorization();
UserProfiles.UseUserProfiles(app);

app.MapOpenApi("/openapi/{documentName}.json");
app.MapScalarApiReference("/docs", o => o.WithTitle("Samen Sterker API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });

// The table of contents: every capability maps its own use cases.
var cases = app.MapGroup("/api/cases").RequireAuthorization(Policies.ReadCases).RequireCaseReadAccess();
cases.MapCases();
cases.MapCheckIns();
cases.MapAgreements();
cases.MapSteunkring();
cases.MapAlliance();
CaseHistory.Map(cases.MapGroup("").WithTags("Audit"));
CorrectAFact.Map(cases);
ListDueCheckIns.Map(app);
GetTeamDashboard.Map(app);
app.MapReminders();
app.MapSetAside();
GetAccessLog.Map(app);
RequestErasure.Map(app);
app.MapSamenSterkerWeb();

app.Run();
return 0;

public partial class Program;
