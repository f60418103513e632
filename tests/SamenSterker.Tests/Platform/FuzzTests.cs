using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using CsCheck;
using Marten;
using SamenSterker.Access;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Platform;

/// <summary>
/// Any client, any input: requests generated from the served OpenAPI document — every operation, so a new
/// endpoint is covered by itself — with hostile values (wrong types, missing and extra fields, huge strings,
/// NUL and other control characters, lone surrogates, empty and malformed ids, extreme dates and numbers,
/// wrong content types, empty and truncated bodies). Whatever arrives: never a 5xx, every 4xx a problem
/// details document (a 400 naming its fields), and a refused write stores nothing. Bounded in count and time.
/// </summary>
public sealed class FuzzTests(AppFixture app) : ApiTest(app)
{
    public const int Requests = 4000;

    private sealed record Operation(string Method, string Path, JsonObject? Body, List<(string Name, string In, JsonObject Schema)> Parameters);

    private sealed record Generated(string Method, string Url, string? Body, string ContentType, string Token, List<(string Name, string Value)> Headers)
    {
        public override string ToString() => $"{Method} {Url} [{ContentType}] {string.Join(" ", Headers.Select(h => $"{h.Name}: {h.Value}"))} "
                                             + (Body is null ? "" : Body.Length > 300 ? Body[..300] + "…" : Body);
    }

    [Fact]
    public async Task no_generated_request_gets_a_5xx_every_refusal_is_a_problem_and_stores_nothing()
    {
        var doc = JsonNode.Parse((await Host.Send(HttpMethod.Get, "/openapi/v1.json", token: "", expect: 200)).ReadAsText())!.AsObject();
        var operations = Operations(doc).ToList();
        operations.Count.ShouldBeGreaterThan(25);

        var caseId = await Host.OpenCase();
        var memberId = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name = "Oma", relation = "family" }, expect: 201))
            .Json().GetProperty("memberId").GetGuid();
        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/procesbegeleider", new { procesbegeleider = "p-dirk" }, expect: 200);
        var known = new[] { caseId, memberId };
        var counted = new Dictionary<int, int>();
        var sent = 0;

        await Gen.ULong.SampleAsync(async seed =>
        {
            var request = Generate(operations, doc, new Random((int)(seed % int.MaxValue)), known);
            var before = await Version(caseId);
            var result = await Host.Scenario(s =>
            {
                if (request.Token.Length > 0) s.WithBearerToken(request.Token);
                foreach (var (name, value) in request.Headers) s.WithRequestHeader(name, value);
                var verb = request.Method switch { "POST" => s.Post, "PUT" => s.Put, "DELETE" => s.Delete, _ => s.Get };
                if (request.Body is null) verb.Url(request.Url);
                else verb.Text(request.Body).ContentType(request.ContentType).ToUrl(request.Url);
                s.IgnoreStatusCode();
            });
            var status = result.Context.Response.StatusCode;
            lock (counted) { counted[status] = counted.GetValueOrDefault(status) + 1; sent++; }
            var text = result.ReadAsText();

            status.ShouldBeLessThan(500, $"{request}\n→ {status} {text}");
            if (status >= 400)
            {
                result.Context.Response.ContentType.ShouldNotBeNull($"{request}\n→ {status} without a body").ShouldStartWith("application/problem+json");
                if (status == 400)
                    JsonDocument.Parse(text).RootElement.TryGetProperty("errors", out var errors).ShouldBeTrue($"{request}\n→ 400 names no field: {text}");
                (await Version(caseId)).ShouldBe(before, $"{request}\n→ {status}, yet the case changed");
            }
        }, iter: Requests, threads: 1);

        // What was sent and answered, for the closing note of a run.
        Console.WriteLine($"Fuzz: {sent} requests over {operations.Count} operations; statuses: "
                          + string.Join(", ", counted.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}")));
        counted.Keys.ShouldContain(400);
    }

    private async Task<long> Version(Guid caseId)
    {
        await using var session = App.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(caseId))?.Version ?? 0;
    }

    private static IEnumerable<Operation> Operations(JsonObject doc)
    {
        foreach (var (path, item) in doc["paths"]!.AsObject())
        foreach (var (method, op) in item!.AsObject())
        {
            var parameters = (op!["parameters"]?.AsArray() ?? [])
                .Select(p => p!["$ref"]?.GetValue<string>() is { } reference ? doc["components"]!["parameters"]![reference.Split('/')[^1]]! : p!)
                .Select(p => (p["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), Resolve(doc, p["schema"]?.AsObject() ?? new JsonObject())))
                .ToList();
            var body = op["requestBody"]?["content"]?["application/json"]?["schema"]?.AsObject();
            yield return new Operation(method.ToUpperInvariant(), path, body is null ? null : Resolve(doc, body), parameters);
        }
    }

    private static JsonObject Resolve(JsonObject doc, JsonObject schema)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
            return doc["components"]!["schemas"]![reference.Split('/')[^1]]!.AsObject();
        if (schema["oneOf"]?.AsArray() is { } oneOf && oneOf.FirstOrDefault(s => s?["type"]?.ToString() != "null") is JsonObject nonNull)
            return Resolve(doc, nonNull);
        return schema;
    }

    private static Generated Generate(List<Operation> operations, JsonObject doc, Random random, Guid[] known)
    {
        var op = operations[random.Next(operations.Count)];
        var url = op.Path;
        var query = new List<string>();
        var headers = new List<(string, string)>();
        foreach (var (name, where, schema) in op.Parameters)
        {
            var value = random.Next(4) == 0 ? HostileText(random) : PlausibleText(schema, random, known);
            if (where == "header")
            {
                // What can travel in a header line: no control characters, nothing beyond Latin-1.
                if (random.Next(3) == 0) headers.Add((name, new string(value.Where(c => c is >= ' ' and <= 'ÿ' and not '\u007f').ToArray())));
                continue;
            }
            // A NUL in the path never reaches the service: Kestrel refuses it while reading the request line.
            if (where == "path") url = url.Replace("{" + name + "}", Uri.EscapeDataString(value.Replace("\u0000", "")));
            else if (random.Next(3) > 0) query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}");
        }
        if (query.Count > 0) url += "?" + string.Join('&', query);

        string? body = null;
        var contentType = "application/json";
        if (op.Body is not null || op.Method != "GET" && random.Next(6) == 0)
        {
            body = random.Next(12) switch
            {
                0 => "",
                1 => "{\"truncated\": [1, 2",
                2 => "null",
                _ => Value(op.Body ?? new JsonObject { ["type"] = "object" }, doc, random, known, depth: 0)?.ToJsonString() ?? "null",
            };
            if (random.Next(10) == 0 && body.Length > 3) body = body[..random.Next(1, body.Length)]; // cut short
            if (random.Next(15) == 0) contentType = random.Next(2) == 0 ? "text/plain" : "application/xml";
        }

        var token = op.Path switch
        {
            _ when op.Path.StartsWith("/api/admin", StringComparison.Ordinal) => AppFixture.Token(Roles.Admin, "b-bea", null),
            _ when op.Path.StartsWith("/api/audit", StringComparison.Ordinal) => AppFixture.Token(Roles.Auditor, "a-ada", null),
            _ when op.Path.StartsWith("/api/teams", StringComparison.Ordinal) => AppFixture.Token(Roles.TeamLead, "t-tom"),
            _ => random.Next(20) == 0 ? "" : AppFixture.Token(),
        };
        return new Generated(op.Method, url, body, contentType, token, headers);
    }

    /// <summary>A value for <paramref name="schema"/>: mostly of the right shape (so validation goes deep), sometimes hostile.</summary>
    private static JsonNode? Value(JsonObject schema, JsonObject doc, Random random, Guid[] known, int depth)
    {
        schema = Resolve(doc, schema);
        if (random.Next(12) == 0) return Hostile(random);
        var type = Type(schema);
        switch (type)
        {
            case "object" when depth < 4:
                var obj = new JsonObject();
                foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
                    if (random.Next(8) > 0) obj[name] = Value(property!.AsObject(), doc, random, known, depth + 1);
                if (random.Next(15) == 0) obj["unknownField"] = "x";
                return obj;
            case "array" when depth < 4:
                var array = new JsonArray();
                var count = random.Next(5) == 0 ? random.Next(0, 80) : random.Next(0, 4);
                for (var i = 0; i < count; i++) array.Add(Value(schema["items"]?.AsObject() ?? new JsonObject(), doc, random, known, depth + 1));
                return array;
            case "integer" or "number":
                return random.Next(4) switch
                {
                    0 => JsonValue.Create(random.Next(-3, 15)),
                    1 => JsonValue.Create(random.NextDouble() * 10),
                    2 => JsonNode.Parse(new[] { "1e308", "-1e308", "2147483648", "-2147483649", "99999999999999999999", "0.05" }[random.Next(6)]),
                    _ => JsonValue.Create(random.Next(0, 11)),
                };
            case "boolean":
                return JsonValue.Create(random.Next(2) == 0);
            default:
                return JsonValue.Create(PlausibleText(schema, random, known));
        }
    }

    private static string Type(JsonObject schema)
    {
        var type = schema["type"];
        if (type is JsonArray types) return types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "string";
        return type?.GetValue<string>() ?? (schema["properties"] is not null ? "object" : "string");
    }

    private static string PlausibleText(JsonObject schema, Random random, Guid[] known)
    {
        // A nullable enum lists null among its values: the generator picks among the others.
        if (schema["enum"]?.AsArray().Where(v => v is not null).ToList() is { Count: > 0 } values && random.Next(6) > 0)
            return values[random.Next(values.Count)]!.ToString();
        return schema["format"]?.GetValue<string>() switch
        {
            "uuid" => random.Next(5) switch
            {
                0 => Guid.Empty.ToString(),
                1 => Guid.NewGuid().ToString(),
                2 => "not-a-uuid",
                _ => known[random.Next(known.Length)].ToString(),
            },
            "date" => new[] { "2026-11-20", "2026-11-23", "2026-09-01", "0001-01-01", "9999-12-31", "2026-02-30", "1899-12-31", "2031-11-24", "20261120" }[random.Next(9)],
            "date-time" => new[] { "2026-11-20T10:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "yesterday" }[random.Next(4)],
            "int32" or "int64" => new[] { "1", "0", "-1", "2147483648", "abc" }[random.Next(5)],
            _ => random.Next(3) == 0 ? HostileText(random) : new[] { "noord", "p-anna", "r1", "Oma", "moeder", "me", "open", "all", "C-1001" }[random.Next(9)],
        };
    }

    private static JsonNode? Hostile(Random random) => random.Next(7) switch
    {
        0 => null,
        1 => JsonValue.Create(HostileText(random)),
        2 => new JsonArray(JsonValue.Create(1), null),
        3 => new JsonObject { ["nested"] = new JsonObject() },
        4 => JsonValue.Create(1e308),
        5 => JsonValue.Create(true),
        _ => JsonValue.Create(""),
    };

    private static string HostileText(Random random) => random.Next(8) switch
    {
        0 => "a\u0000b",
        1 => "\ud800" + "x",
        2 => new string('x', random.Next(2) == 0 ? 5_000 : 300_000),
        3 => "\u0001\u001f\u007f",
        4 => "",
        5 => "   ",
        6 => "'; drop table mt_events; --",
        _ => "%00%ff{}[]<script>",
    };
}
