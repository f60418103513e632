using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace SamenSterker.Tests.Support;

/// <summary>
/// The contract test: every response any test host gives is checked against the OpenAPI document that host
/// serves — the status must be documented for the operation, the content type too, a JSON body must match its
/// schema and the documented required headers must be there. A response that breaks the document is replaced
/// by a 500 naming the breach, so the test that caused it fails where it happened (every test checks its
/// statuses, the fuzz test refuses any 5xx). Counts land in .test-results/contract.txt for the run's summary.
/// </summary>
public sealed partial class ContractCheck : IStartupFilter
{
    private static long _validated;
    private static readonly ConcurrentQueue<string> Violations = new();

    static ContractCheck()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => WriteSummary();
    }

    public static long Validated => Interlocked.Read(ref _validated);

    public static IReadOnlyCollection<string> AllViolations => Violations;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var document = new ServedDocument(async () =>
        {
            // In memory (Alba) or on a real port (the browser tests' Kestrel).
            var server = app.ApplicationServices.GetRequiredService<IServer>();
            using var client = server is TestServer test ? test.CreateClient()
                : new HttpClient { BaseAddress = new Uri(server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First()) };
            return await client.GetStringAsync("/openapi/v1.json");
        });
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.Path.StartsWithSegments("/openapi") || !context.Request.Path.StartsWithSegments("/api"))
            {
                await nextMiddleware(context);
                return;
            }
            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            var breach = await Check(context, buffer.ToArray(), document);
            if (breach is not null && !context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = 500;
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("Contract violation: " + breach);
                return;
            }
            buffer.Position = 0;
            await buffer.CopyToAsync(original);
        });
        next(app);
    };

    private static async Task<string?> Check(HttpContext context, byte[] body, ServedDocument document)
    {
        if (context.GetEndpoint() is not RouteEndpoint endpoint) return null; // no route matched: nothing documented to hold to
        if (context.RequestAborted.IsCancellationRequested) return null; // the client went away mid-request: nobody gets this answer
        var doc = await document.Get();
        var path = "/" + RouteParameter().Replace(endpoint.RoutePattern.RawText ?? "", "{$1}").TrimStart('/');
        var method = context.Request.Method.ToLowerInvariant();
        if (doc["paths"]?[path]?[method] is not JsonObject operation) return null; // not part of the API (excluded on purpose)

        Interlocked.Increment(ref _validated);
        var status = context.Response.StatusCode;
        var breach = Breach(operation, status, context.Response, body, document);
        if (breach is null) return null;
        var text = $"{context.Request.Method} {path} answered {status}: {breach}";
        Violations.Enqueue(text);
        return text;
    }

    /// <summary>What in this response breaks the operation's documented answers, or null.</summary>
    internal static string? Breach(JsonObject operation, int status, HttpResponse response, byte[] body, ServedDocument document)
    {
        var responses = operation["responses"]?.AsObject();
        var documented = responses?[status.ToString()] ?? responses?[$"{status / 100}XX"] ?? responses?["default"];
        if (documented is not JsonObject answer)
            return $"status {status} is not documented (documented: {string.Join(", ", responses?.Select(r => r.Key) ?? [])})";

        foreach (var (name, header) in answer["headers"]?.AsObject() ?? [])
            if (document.Resolve(header)?["required"]?.GetValue<bool>() == true && !response.Headers.ContainsKey(name))
                return $"the required header {name} is missing";

        var content = answer["content"]?.AsObject();
        if (content is null || content.Count == 0)
            return body.Length == 0 ? null : $"a body ({response.ContentType}) where none is documented";
        if (body.Length == 0) return $"no body, where {string.Join(" or ", content.Select(c => c.Key))} is documented";

        var mediaType = (response.ContentType ?? "").Split(';')[0].Trim();
        var match = content.FirstOrDefault(c => string.Equals(c.Key, mediaType, StringComparison.OrdinalIgnoreCase));
        if (match.Key is null) return $"content type {mediaType} is not documented (documented: {string.Join(", ", content.Select(c => c.Key))})";
        var isJson = mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        if (!isJson || match.Value?["schema"] is not JsonObject schema) return null;

        JsonElement instance;
        try { instance = JsonDocument.Parse(body).RootElement; }
        catch (JsonException e) { return $"the body is not JSON: {e.Message}"; }
        var result = document.Schema(schema).Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return null;
        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
            .Take(5);
        var shown = body.Length > 400 ? System.Text.Encoding.UTF8.GetString(body, 0, 400) + "…" : System.Text.Encoding.UTF8.GetString(body);
        return $"the body does not match the documented schema ({string.Join("; ", errors)}); body: {shown}";
    }

    private static void WriteSummary()
    {
        try
        {
            var results = Path.Combine(Repo.Root, ".test-results");
            Directory.CreateDirectory(results);
            File.WriteAllText(Path.Combine(results, "contract.txt"),
                $"Contract: {Validated} responses validated against the served OpenAPI document, {Violations.Count} violations\n"
                + string.Concat(Violations.Distinct().Select(v => "  " + v + "\n")));
        }
        catch (IOException)
        {
            // A summary that cannot be written must not hide the run's results.
        }
    }

    [GeneratedRegex(@"\{\*{0,2}([^}:=?]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    /// <summary>The host's own /openapi/v1.json, read once, with its response schemas built on demand.</summary>
    internal sealed class ServedDocument(Func<Task<string>> load)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private JsonObject? _document;
        private string? _components;
        private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

        public async Task<JsonObject> Get()
        {
            if (_document is not null) return _document;
            await _gate.WaitAsync();
            try
            {
                if (_document is not null) return _document;
                var text = await load();
                var document = JsonNode.Parse(text)!.AsObject();
                _components = document["components"]?["schemas"]?.ToJsonString() ?? "{}";
                return _document = document;
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>The node itself, or what its $ref (#/components/…) points at.</summary>
        public JsonNode? Resolve(JsonNode? node)
        {
            if (node?["$ref"]?.GetValue<string>() is not { } reference) return node;
            JsonNode? target = _document;
            foreach (var part in reference.TrimStart('#', '/').Split('/')) target = target?[part.Replace("~1", "/").Replace("~0", "~")];
            return target;
        }

        /// <summary>A response schema as a stand-alone JSON Schema: the document's component schemas become its $defs.</summary>
        public JsonSchema Schema(JsonObject schema) => _schemas.GetOrAdd(schema.ToJsonString(), text =>
        {
            var local = text.Replace("#/components/schemas/", "#/$defs/");
            var defs = _components!.Replace("#/components/schemas/", "#/$defs/");
            var standalone = $"{{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$defs\":{defs},\"allOf\":[{local}]}}";
            return JsonSchema.FromText(standalone, new BuildOptions { SchemaRegistry = new SchemaRegistry() },
                new Uri($"https://contract.samensterker.test/{Guid.NewGuid():N}"));
        });
    }
}
