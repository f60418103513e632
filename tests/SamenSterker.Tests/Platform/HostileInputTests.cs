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
