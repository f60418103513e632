using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Platform;

/// <summary>
/// The contract check (Support/ContractCheck.cs) holds every response of every test to the served document; these
/// tests show that it does catch a response that breaks it, so a clean run means something.
/// </summary>
public sealed class ContractCheckTests(AppFixture app) : ApiTest(app)
{
    private async Task<(ContractCheck.ServedDocument Document, JsonObject GetCase)> Served()
    {
        var text = (await Host.Send(HttpMethod.Get, "/openapi/v1.json", token: "", expect: 200)).ReadAsText();
        var document = new ContractCheck.ServedDocument(() => Task.FromResult(text));
        var doc = await document.Get();
        return (document, doc["paths"]!["/api/cases/{id}"]!["get"]!.AsObject());
    }

    private static HttpResponse Response(int status, string? contentType, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        foreach (var (name, value) in headers) context.Response.Headers[name] = value;
        return context.Response;
    }

    private static readonly (string, string) CorrelationId = ("X-Correlation-Id", "c-1");

    [Fact]
    public async Task an_undocumented_status_is_a_breach()
    {
        var (document, getCase) = await Served();
        ContractCheck.Breach(getCase, 418, Response(418, "application/problem+json", CorrelationId), "{}"u8.ToArray(), document)
            .ShouldNotBeNull().ShouldContain("418 is not documented");
    }

    [Fact]
    public async Task a_body_that_does_not_match_the_schema_is_a_breach_and_a_problem_that_does_is_not()
    {
        var (document, getCase) = await Served();
        ContractCheck.Breach(getCase, 200, Response(200, "application/json", CorrelationId), Encoding.UTF8.GetBytes("""{"id": 5}"""), document)
            .ShouldNotBeNull().ShouldContain("does not match the documented schema");
        ContractCheck.Breach(getCase, 404, Response(404, "application/problem+json", CorrelationId),
                Encoding.UTF8.GetBytes("""{"status": 404, "title": "Case not found", "traceId": "t", "correlationId": "c-1"}"""), document)
            .ShouldBeNull();
        ContractCheck.Breach(getCase, 404, Response(404, "application/problem+json", CorrelationId),
                Encoding.UTF8.GetBytes("""{"status": 404, "title": "Case not found", "secret": "x"}"""), document)
            .ShouldNotBeNull("a property the problem schema does not list");
    }

    [Fact]
    public async Task a_wrong_content_type_and_a_missing_required_header_are_breaches()
    {
        var (document, getCase) = await Served();
        ContractCheck.Breach(getCase, 404, Response(404, "text/html", CorrelationId), "<p>not found</p>"u8.ToArray(), document)
            .ShouldNotBeNull().ShouldContain("content type text/html is not documented");
        ContractCheck.Breach(getCase, 404, Response(404, "application/problem+json"), """{"status": 404}"""u8.ToArray(), document)
            .ShouldNotBeNull().ShouldContain("X-Correlation-Id");
    }

    [Fact]
    public async Task a_write_without_its_etag_is_a_breach()
    {
        var (document, _) = await Served();
        var close = (await document.Get())["paths"]!["/api/cases/{id}/close"]!["post"]!.AsObject();
        ContractCheck.Breach(close, 200, Response(200, "application/json", CorrelationId), """{"version": 4}"""u8.ToArray(), document)
            .ShouldNotBeNull().ShouldContain("ETag");
        ContractCheck.Breach(close, 200, Response(200, "application/json", CorrelationId, ("ETag", "\"4\"")), """{"version": 4}"""u8.ToArray(), document)
            .ShouldBeNull();
    }
}
