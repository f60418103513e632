using Alba;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Platform;

/// <summary>A retried write is safe: the Idempotency-Key header, and the README's resend of the same check-in.</summary>
public sealed class IdempotencyTests(AppFixture app) : ApiTest(app)
{
    private Task<IScenarioResult> Post(string url, object body, string? key, string? ifMatch = null) => Host.Scenario(s =>
    {
        s.WithBearerToken(AppFixture.Token());
        if (key is not null) s.WithRequestHeader("Idempotency-Key", key);
        if (ifMatch is not null) s.WithRequestHeader("If-Match", ifMatch);
        s.Post.Json(body, JsonStyle.MinimalApi).ToUrl(url);
        s.IgnoreStatusCode();
    });

    [Fact]
    public async Task ten_concurrent_retries_with_one_key_append_once_and_all_get_the_same_answer()
    {
        var caseId = await Host.OpenCase();
        var key = Guid.NewGuid().ToString();
        var body = new { name = "Oma de Boer", relation = "family" };

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Post($"/api/cases/{caseId}/steunkring/members", body, key)));

        answers.Select(a => a.Context.Response.StatusCode).ShouldAllBe(status => status == 201);
        answers.Select(a => a.ReadAsText()).Distinct().Count().ShouldBe(1);
        answers.Select(a => a.ETag()).Distinct().ShouldBe(["\"2\""]);
        var c = await Host.GetCase(caseId);
        c.GetProperty("version").GetInt64().ShouldBe(2);
        c.GetProperty("steunkring").GetProperty("members").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task a_retry_after_the_case_moved_on_gets_the_first_answer_and_another_body_with_the_key_is_422()
    {
        var caseId = await Host.OpenCase();
        var key = Guid.NewGuid().ToString();
        var first = await Post($"/api/cases/{caseId}/family-plans", new { setOn = "2026-11-01", summary = "Plan" }, key, ifMatch: "\"1\"");
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name = "Oma", relation = "family" }, expect: 201);

        var retry = await Post($"/api/cases/{caseId}/family-plans", new { setOn = "2026-11-01", summary = "Plan" }, key, ifMatch: "\"1\"");
        var other = await Post($"/api/cases/{caseId}/family-plans", new { setOn = "2026-11-02", summary = "Ander plan" }, key);

        first.Context.Response.StatusCode.ShouldBe(201);
        retry.Context.Response.StatusCode.ShouldBe(201);
        retry.ReadAsText().ShouldBe(first.ReadAsText());
        retry.ETag().ShouldBe("\"2\"");
        retry.Context.Response.Headers["Idempotent-Replayed"].ToString().ShouldBe("true");
        other.Context.Response.StatusCode.ShouldBe(422);
        other.Context.Response.ContentType!.ShouldStartWith("application/problem+json");
        (await Host.GetCase(caseId)).GetProperty("version").GetInt64().ShouldBe(3);
    }

    [Fact]
    public async Task opening_a_case_twice_with_one_key_opens_one_case()
    {
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Post("/api/cases", CaseApi.NewCase("C-7007", openedOn: "2026-09-01"), key)));

        answers.Select(a => a.Context.Response.StatusCode).ShouldAllBe(status => status == 201);
        answers.Select(a => a.ReadAsText()).Distinct().Count().ShouldBe(1);
        answers.Select(a => a.Context.Response.Headers.Location.ToString()).Distinct().Count().ShouldBe(1);
        await Projected();
        (await Host.Get("/api/cases?q=C-7007")).GetProperty("total").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task the_readmes_resent_check_in_with_its_first_if_match_gets_the_first_answer()
    {
        var caseId = await Host.OpenCase();
        var checkIn = CaseApi.CheckIn();

        var first = await Post($"/api/cases/{caseId}/check-ins", checkIn, key: null, ifMatch: "\"1\"");
        var again = await Post($"/api/cases/{caseId}/check-ins", checkIn, key: null, ifMatch: "\"1\"");

        first.Context.Response.StatusCode.ShouldBe(201);
        again.Context.Response.StatusCode.ShouldBe(201);
        again.ReadAsText().ShouldBe(first.ReadAsText());
        (await Host.GetCase(caseId)).GetProperty("version").GetInt64().ShouldBe(18);
    }

    [Fact]
    public async Task a_malformed_key_is_400_naming_the_header()
    {
        var caseId = await Host.OpenCase();

        (await Post($"/api/cases/{caseId}/steunkring/members", new { name = "Oma", relation = "family" }, new string('k', 300))).ShouldNameField("Idempotency-Key");
    }
}
