using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Platform;

/// <summary>Whatever arrives, the answer is a 4xx problem, never a 500 — and nothing is appended.</summary>
public sealed class HostileInputTests(AppFixture app) : ApiTest(app)
{
    public static TheoryData<string, string> Bodies => new()
    {
        { "check-ins", "" },
        { "check-ins", "null" },
        { "check-ins", "[]" },
        { "check-ins", "\"text\"" },
        { "check-ins", """{"checkInId": 5}""" },
        { "check-ins", """{"checkInId": "not-a-uuid"}""" },
        { "check-ins", """{"respondents": [null], "scores": [null], "reviews": [null]}""" },
        { "check-ins", """{"respondents": {"a": 1}}""" },
        { "check-ins", """{"scores": [{"respondentId": "r1", "question": "omgang", "value": 1e400}]}""" },
        { "check-ins", """{"heldOn": "2026-02-30"}""" },
        { "check-ins", """{"form": 1}""" },
        { "check-ins", """{"checkInId": "0b0f6f1e-3a52-4e0e-9d7c-1c2a6a3d9e11", "heldOn": "2026-11-20", "respondents": [], "scores": [], "agreement": {}}""" },
        { "steunkring/members", """{"name": null, "relation": null}""" },
        { "steunkring/meetings", """{"heldOn": "2026-11-20", "agenda": [null, ""], "agreements": [null], "attended": [null]}""" },
        { "alliance-feedback", """{"from": "client", "keywords": null}""" },
        { "close", """{"closedOn": "0001-01-01", "reason": "x"}""" },
        { "family-plans", """{"setOn": "9999-12-31", "summary": "x"}""" },
        { "check-in-moments", """{"intervalMonths": 99999999999}""" },
        { "roles", """{"casusregie": ""}""" },
        { "core-questions", """{"watWilIk": 1, "watKanIk": true, "watHebIkNodig": []}""" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task a_hostile_body_is_a_4xx_problem_and_changes_nothing(string endpoint, string json)
    {
        var caseId = await Host.OpenCase();
        var method = endpoint is "check-in-moments" or "roles" ? HttpMethod.Put : HttpMethod.Post;

        var result = await Host.Send(method, $"/api/cases/{caseId}/{endpoint}", rawJson: json);

        result.Context.Response.StatusCode.ShouldBeInRange(400, 499, result.ReadAsText());
        result.Context.Response.ContentType!.ShouldStartWith("application/problem+json");
        (await Host.GetCase(caseId)).GetProperty("version").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task a_non_json_content_type_is_415()
    {
        var caseId = await Host.OpenCase();

        await Host.Scenario(s =>
        {
            s.WithBearerToken(AppFixture.Token());
            s.Post.Text("hello").ContentType("text/plain").ToUrl($"/api/cases/{caseId}/check-ins");
            s.StatusCodeShouldBe(415);
        });
    }

    [Fact]
    public async Task a_case_id_that_is_not_a_uuid_is_404()
    {
        await Host.Send(HttpMethod.Get, "/api/cases/12345", expect: 404);
    }
}

/// <summary>The requests that answered 500 in the outside tester's fuzz run (issue 13), each a 4xx problem now.</summary>
public sealed class FormerServerErrorTests(AppFixture app) : ApiTest(app)
{
    [Theory]
    [InlineData("POST", "check-ins")]
    [InlineData("POST", "steunkring/members")]
    [InlineData("PUT", "roles")]
    [InlineData("POST", "close")]
    [InlineData("POST", "corrections")]
    public async Task the_empty_uuid_as_case_id_is_404_on_writes(string method, string endpoint)
    {
        var result = await Host.Send(new HttpMethod(method), $"/api/cases/{Guid.Empty}/{endpoint}", rawJson: "{}");

        result.Context.Response.StatusCode.ShouldBeOneOf(400, 404);
        result.Context.Response.ContentType!.ShouldStartWith("application/problem+json");
    }

    [Fact]
    public async Task the_empty_uuid_with_a_valid_body_is_404()
    {
        await Host.Send(HttpMethod.Post, $"/api/cases/{Guid.Empty}/steunkring/members", new { name = "Oma", relation = "family" }, expect: 404);
    }

    [Theory]
    [InlineData("clientName", @"Fam.\u0000Jansen")]
    [InlineData("clientName", @"half \ud800 a pair")]
    [InlineData("clientReference", @"C-1\u0001")]
    public async Task a_control_character_or_broken_unicode_in_text_is_400_naming_the_field(string field, string escaped)
    {
        // Raw JSON, with the escapes as a client would send them.
        var fields = new Dictionary<string, string> { ["clientReference"] = "C-1", ["clientName"] = "Fam. Jansen" };
        fields[field] = escaped;
        var json = $$"""{"clientReference": "{{fields["clientReference"]}}", "clientName": "{{fields["clientName"]}}", "kind": "family", "teamId": "noord"}""";

        var result = await Host.Send(HttpMethod.Post, "/api/cases", rawJson: json);

        result.ShouldNameField(field);
        result.ReadAsText().ShouldContain(field);
    }

    [Theory]
    [InlineData("/api/cases?q=a%00b", "q")]
    [InlineData("/api/cases?team=noord%00", "team")]
    [InlineData("/api/check-ins/due?team=%01", "team")]
    public async Task a_control_character_in_a_query_parameter_is_400_naming_it(string url, string field)
    {
        (await Host.Send(HttpMethod.Get, url)).ShouldNameField(field);
    }

    [Fact]
    public async Task a_steunkring_member_leaving_with_a_body_that_is_not_json_is_415()
    {
        var caseId = await Host.OpenCase();
        var memberId = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name = "Oma", relation = "family" }, expect: 201))
            .Json().GetProperty("memberId").GetGuid();

        await Host.Scenario(s =>
        {
            s.WithBearerToken(AppFixture.Token());
            s.Delete.Text("reason=moved").ContentType("text/plain").ToUrl($"/api/cases/{caseId}/steunkring/members/{memberId}");
            s.StatusCodeShouldBe(415);
        });
        (await Host.GetCase(caseId)).GetProperty("version").GetInt64().ShouldBe(2);
    }

    [Fact]
    public async Task a_missing_body_is_400_naming_the_body()
    {
        var caseId = await Host.OpenCase();

        var result = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/alliance-feedback", rawJson: "null");

        result.ShouldNameField("body");
        result.ReadAsText().ShouldNotContain("Did you mean");
    }
}
