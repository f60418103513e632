using Marten;
using SamenSterker.Platform;
using SamenSterker.Tests.Support;
using Serilog.Events;
using Shouldly;

namespace SamenSterker.Tests.Platform;

public sealed class PlatformTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task health_and_readiness_answer_without_a_token()
    {
        (await Host.Send(HttpMethod.Get, "/health", token: "", expect: 200)).ReadAsText().ShouldBe("Healthy");
        (await Host.Send(HttpMethod.Get, "/health/ready", token: "", expect: 200)).ReadAsText().ShouldBe("Healthy");
    }

    [Fact]
    public void every_event_type_marten_knows_is_in_the_case_streams_list_and_no_other()
    {
        // Each capability registers its own events (AddEvents in its …Setup.cs); the timeline and the personal-data test read
        // the one list of the case stream's events. A new event missing from either fails here.
        var known = EventStore.EventTypes(App.Store).Where(t => t.Namespace?.StartsWith("SamenSterker", StringComparison.Ordinal) == true);

        known.OrderBy(t => t.Name).ShouldBe(SamenSterker.Timeline.CaseStreamEvents.All.Concat(SamenSterker.Timeline.CaseStreamEvents.OfOtherStreams)
            .OrderBy(t => t.Name));
    }

    [Fact]
    public async Task the_openapi_document_lists_every_endpoint()
    {
        var doc = (await Host.Send(HttpMethod.Get, "/openapi/v1.json", token: "", expect: 200)).Json();

        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/cases");
        paths.ShouldContain("/api/cases/{id}/check-ins");
        paths.ShouldContain("/api/cases/{id}/steunkring/members/{memberId}");
        paths.ShouldContain("/api/cases/{id}/alliance-feedback");
        paths.ShouldContain("/api/cases/{id}/check-ins/{checkInId}/summary-links");
        paths.Count.ShouldBe(48);
        doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString().ShouldBe("bearer");
    }

    [Theory]
    [InlineData("ProblemDetails", "/api/cases/00000000-0000-0000-0000-000000000001")]
    [InlineData("HttpValidationProblemDetails", "/api/cases?pageSize=0")]
    public async Task every_property_of_a_problem_body_is_in_its_documented_schema(string schema, string url)
    {
        var doc = (await Host.Send(HttpMethod.Get, "/openapi/v1.json", token: "", expect: 200)).Json();
        var documented = doc.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("properties")
            .EnumerateObject().Select(p => p.Name).ToList();

        var problem = (await Host.Send(HttpMethod.Get, url)).Json();

        problem.EnumerateObject().Select(p => p.Name).ShouldBeSubsetOf(documented);
    }

    [Fact]
    public async Task the_api_reference_page_is_served_at_docs()
    {
        var redirect = await Host.Send(HttpMethod.Get, "/docs", token: "");
        var location = redirect.Context.Response.StatusCode == 302 ? "/docs/" : "/docs"; // Scalar redirects to the trailing slash

        var page = await Host.Send(HttpMethod.Get, location, token: "", expect: 200);

        page.ReadAsText().ShouldContain("Samen Sterker API");
    }

    [Fact]
    public async Task every_event_carries_who_and_the_correlation_id_of_the_request()
    {
        var caseId = await Host.OpenCase(CaseApi.NewCase(openedOn: "2026-09-01", casusregie: "p-bert"));
        await Host.Scenario(s =>
        {
            s.WithBearerToken(AppFixture.Token(sub: "p-bert"));
            s.WithRequestHeader("X-Correlation-Id", "req-4711");
            s.Post.Json(CaseApi.CheckIn(), Alba.JsonStyle.MinimalApi).ToUrl($"/api/cases/{caseId}/check-ins");
            s.StatusCodeShouldBe(201);
            s.Header("X-Correlation-Id").SingleValueShouldEqual("req-4711");
        });

        await using var session = App.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(caseId);
        events[0].UserName.ShouldBe("p-anna");
        events.Skip(1).ShouldAllBe(e => e.UserName == "p-bert" && e.CorrelationId == "req-4711");
        events.ShouldAllBe(e => e.Timestamp > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task log_lines_carry_the_correlation_id_and_never_a_clients_name_or_free_text()
    {
        await Host.Scenario(s =>
        {
            s.WithBearerToken(AppFixture.Token());
            s.WithRequestHeader("X-Correlation-Id", "req-logs-1");
            s.Post.Json(CaseApi.NewCase(), Alba.JsonStyle.MinimalApi).ToUrl("/api/cases");
            s.StatusCodeShouldBe(201);
        });

        // The request log line is written as the request completes, which may be just after the response.
        var lines = await Wait.Until(
            () => Task.FromResult(App.Logs.Events.Where(e => e.Properties.TryGetValue("CorrelationId", out var v) && v.ToString() == "\"req-logs-1\"").ToList()),
            found => found.Any(e => e.MessageTemplate.Text.StartsWith("HTTP")), seconds: 10);
        lines.ShouldNotBeEmpty();
        lines.ShouldContain(e => e.MessageTemplate.Text.StartsWith("HTTP"));
        foreach (var e in App.Logs.Events)
        {
            var text = e.RenderMessage() + string.Join(' ', e.Properties.Values);
            text.ShouldNotContain("Jansen");
            text.ShouldNotContain("Elke week kort bellen");
        }
    }

    [Fact]
    public async Task the_service_log_names_a_request_by_its_route_pattern_never_by_a_path_holding_an_id_or_a_secret()
    {
        var caseId = await Host.OpenCase();
        await Host.Scenario(s =>
        {
            s.WithBearerToken(AppFixture.Token());
            s.WithRequestHeader("X-Correlation-Id", "req-route-1");
            s.Get.Url($"/api/cases/{caseId}/timeline");
        });
        var secret = "feed-secret-that-must-not-be-logged-0123456789";
        await Host.Scenario(s =>
        {
            s.WithRequestHeader("X-Correlation-Id", "req-route-2");
            s.Get.Url($"/api/calendar/{secret}.ics");
            s.StatusCodeShouldBe(404);
        });

        LogEvent Line(string correlation) => App.Logs.Events.FirstOrDefault(e => e.MessageTemplate.Text.StartsWith("HTTP")
            && e.Properties.TryGetValue("CorrelationId", out var v) && v.ToString() == $"\"{correlation}\"")!;
        var timeline = await Wait.Until(() => Task.FromResult(Line("req-route-1")), e => e is not null, seconds: 10);
        timeline.Properties["RequestPath"].ToString().ShouldBe("\"/api/cases/{id:guid}/timeline\"");
        timeline.Properties["CaseId"].ToString().ShouldBe($"\"{caseId}\"");
        timeline.RenderMessage().ShouldNotContain(caseId.ToString());
        var feed = await Wait.Until(() => Task.FromResult(Line("req-route-2")), e => e is not null, seconds: 10);
        feed.Properties["RequestPath"].ToString().ShouldBe("\"/api/calendar/{feedToken}.ics\"");
        var start = secret[..12];
        App.Logs.Events.Where(e => (e.RenderMessage() + string.Join(' ', e.Properties.Values)).Contains(start)).ShouldBeEmpty();
    }

    [Fact]
    public async Task an_unknown_route_is_a_404_problem()
    {
        var result = await Host.Send(HttpMethod.Get, "/api/nothing-here", expect: 404);

        result.Context.Response.ContentType!.ShouldStartWith("application/problem+json");
    }
}
