using Alba;
using Microsoft.Extensions.DependencyInjection;
using SamenSterker.Access;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Platform;

/// <summary>Issue 19, finding 6: the small things an attacker tries first.</summary>
public sealed class HardeningTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task outside_development_cookies_go_over_tls_only_and_https_answers_say_to_stay_on_it()
    {
        var cookie = Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>()
            .Get(WebSignIn.CookieScheme);
        cookie.Cookie.SecurePolicy.ShouldBe(Microsoft.AspNetCore.Http.CookieSecurePolicy.Always);

        var overTls = await Host.Scenario(s =>
        {
            s.ConfigureHttpContext(c => c.Request.Scheme = "https");
            s.Get.Url("/health");
        });
        overTls.Context.Response.Headers.StrictTransportSecurity.ToString().ShouldBe("max-age=31536000");
        var plain = await Host.Scenario(s => s.Get.Url("/health"));
        plain.Context.Response.Headers.ContainsKey("Strict-Transport-Security").ShouldBeFalse(); // only a TLS answer may say it
    }

    [Fact]
    public async Task every_answer_carries_its_correlation_id_refusals_before_the_endpoint_included()
    {
        // Issue 19, finding 8: a contract check found 400s on POST /api/cases without the documented X-Correlation-Id.
        var answers = new[]
        {
            await Host.Send(HttpMethod.Post, "/api/cases", rawJson: "{ not json", expect: 400),
            await Host.Send(HttpMethod.Post, "/api/cases", new { clientName = "" }, expect: 400),
            await Host.Send(HttpMethod.Post, "/api/cases", CaseApi.NewCase(), token: "", expect: 401),
            await Host.Send(HttpMethod.Post, "/api/cases", CaseApi.NewCase(), token: AppFixture.Token("auditor"), expect: 403),
            await Host.Send(HttpMethod.Get, $"/api/cases/{Guid.NewGuid()}", expect: 404),
            await Host.Send(HttpMethod.Get, "/api/nothing-here", expect: 404),
            await Host.Send(HttpMethod.Get, "/api/cases?page=0", expect: 400),
        };
        foreach (var answer in answers)
            answer.Context.Response.Headers["X-Correlation-Id"].ToString().ShouldNotBeNullOrEmpty(
                $"{answer.Context.Request.Method} {answer.Context.Request.Path} answered {answer.Context.Response.StatusCode}");
    }

    [Fact]
    public async Task a_check_in_takes_at_most_twelve_respondents()
    {
        var caseId = await Host.OpenCase();
        var body = CaseApi.CheckIn();
        body["respondents"] = Enumerable.Range(1, 13)
            .Select(i => (object)new { respondentId = $"r{i}", side = "client", role = "other", label = $"Familielid {i}" }).ToArray();

        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins", body, expect: 400)).ShouldNameField("respondents");
    }

    [Fact]
    public async Task a_page_number_past_any_list_is_refused_by_name_not_a_500()
    {
        (await Host.Send(HttpMethod.Get, "/api/cases?page=999999999", expect: 400)).ShouldNameField("page");
        (await Host.Send(HttpMethod.Get, "/api/cases?page=1000000&pageSize=200", expect: 200)).Json()
            .GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task a_cell_that_a_spreadsheet_would_run_as_a_formula_is_exported_as_text()
    {
        const string evil = "=HYPERLINK(\"http://x.test\",\"klik\")";
        // The CSV's user column holds who wrote each fact, as the token said: here a user id that is a formula.
        var other = (await Host.Send(HttpMethod.Post, "/api/cases", CaseApi.NewCase(reference: "C-9911", casusregie: "p-anna"),
            token: AppFixture.Token(Roles.Professional, evil, "noord"), expect: 201)).Json().GetProperty("id").GetGuid();
        var rows = (await Host.Scenario(s =>
        {
            s.WithBearerToken(AppFixture.Token(Roles.Auditor, "a-ada", null));
            s.WithRequestHeader("Accept", "text/csv");
            s.Get.Url($"/api/cases/{other}/history");
            s.StatusCodeShouldBe(200);
        })).ReadAsText().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var row = rows.Single(r => r.Contains("case_opened"));
        row.ShouldContain("\"'=HYPERLINK(");   // quoted, with the ' that makes a spreadsheet show it as text
        row.ShouldNotContain(",=HYPERLINK(");
    }

    [Fact]
    public async Task a_steunkring_has_at_most_a_hundred_members()
    {
        var caseId = await Host.OpenCase();
        for (var i = 0; i < 100; i++)
            await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name = $"Lid {i}", relation = "friend" }, expect: 201);
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name = "Nog een", relation = "friend" }, expect: 409))
            .Detail().ShouldContain("at most 100");
    }

    [Fact]
    public async Task pages_and_answers_carry_the_headers_that_keep_a_browser_safe()
    {
        foreach (var path in new[] { "/health", "/api/cases", "/aanmelden", "/a/" + new string('q', 43), "/css/app.css" })
        {
            var response = await Host.Send(HttpMethod.Get, path, token: path == "/api/cases" ? null : "");
            var headers = response.Context.Response.Headers;
            headers.XContentTypeOptions.ToString().ShouldBe("nosniff", path);
            headers.XFrameOptions.ToString().ShouldBe("DENY", path);
            headers.ContentSecurityPolicy.ToString().ShouldContain("frame-ancestors 'none'", customMessage: path);
            headers.ContentSecurityPolicy.ToString().ShouldContain("script-src 'self'", customMessage: path);
            headers["Referrer-Policy"].ToString().ShouldBe(path.StartsWith("/a/") ? "no-referrer" : "same-origin", path);
        }
    }
}
