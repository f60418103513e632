using System.Text.Json;
using Npgsql;
using SamenSterker.Access;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Corrections;

/// <summary>A correction is a new event naming what it corrects and why; every read model shows the corrected value.</summary>
public sealed class CorrectionTests(AppFixture app) : ApiTest(app)
{
    private static readonly string Bert = AppFixture.Token(sub: "p-bert"); // casusregie of CaseWithHistory after its hand-over
    private static readonly string Lead = AppFixture.Token(Roles.TeamLead, "t-tom");
    private static readonly string Auditor = AppFixture.Token(Roles.Auditor, "a-ada", null);

    private async Task<JsonElement> Correct(Guid caseId, object body, string? token = null, int expect = 201) =>
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/corrections", body, token: token ?? Bert, expect: expect)).Json();

    private static async Task<Guid> CheckInOn(IEnumerable<JsonElement> history, string heldOn) =>
        await Task.FromResult(history.Single(e => e.GetProperty("type").GetString() == "check_in_held"
                                                && e.GetProperty("data").GetProperty("heldOn").GetString() == heldOn)
            .GetProperty("data").GetProperty("checkInId").GetGuid());

    private async Task<List<JsonElement>> History(Guid caseId) =>
        (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/history?limit=1000", token: Auditor, expect: 200)).Json()
        .GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task a_score_correction_shows_in_trends_timeline_analytics_and_history_and_can_itself_be_corrected()
    {
        var caseId = await Host.CaseWithHistory();
        var history = await History(caseId);
        var lastCheckIn = await CheckInOn(history, "2026-09-15");
        var original = history.Single(e => e.GetProperty("type").GetString() == "score_given"
                                          && e.GetProperty("data").GetProperty("checkInId").GetGuid() == lastCheckIn
                                          && e.GetProperty("data").GetProperty("respondentId").GetString() == "r1"
                                          && e.GetProperty("data").GetProperty("question").GetString() == "Omgang");

        var first = await Correct(caseId, new { reason = "Moeder zette haar streep bij 6, niet bij 3,5", score = new { checkInId = lastCheckIn, respondentId = "r1", question = "omgang", value = 6.0 } });
        var second = await Correct(caseId, new { reason = "Bij nader inzien 6,5", score = new { checkInId = lastCheckIn, respondentId = "r1", question = "omgang", value = 6.5 } });
        await Projected();

        first.GetProperty("correctsVersion").GetInt64().ShouldBe(original.GetProperty("version").GetInt64());
        second.GetProperty("correctsVersion").GetInt64().ShouldBe(first.GetProperty("version").GetInt64());
        var trends = await Host.Get($"/api/cases/{caseId}/trends");
        var omgang = trends.GetProperty("questions").EnumerateArray().Single(q => q.GetProperty("question").GetString() == "omgang");
        var mother = omgang.GetProperty("clientSide").EnumerateArray().Single(r => r.GetProperty("respondentId").GetString() == "r1");
        mother.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ShouldBe([8.0, 6.5, 6.5]);
        var timeline = (await Host.Get($"/api/cases/{caseId}/timeline?limit=500")).GetProperty("items").EnumerateArray().ToList();
        timeline.ShouldContain(e => e.GetProperty("summary").GetString()!.Contains("scored omgang: 3.5"));
        var correction = timeline.Single(e => e.GetProperty("summary").GetString()!.Contains("3.5 → 6.0"));
        correction.GetProperty("by").GetString().ShouldBe("p-bert");
        correction.GetProperty("summary").GetString()!.ShouldContain("Why: Moeder zette haar streep bij 6");
        (await History(caseId)).Count(e => e.GetProperty("type").GetString() == "score_corrected").ShouldBe(2);

        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        // The mother's omgang at the corrected check-in; 2026-06-20 has her own 6.5 too (this counted the wrong row
        // before: a correction in the same projection slice as its score was lost, and the test asserted that).
        await using var command = new NpgsqlCommand("""
            select value from analytics.scores
            where question = 'omgang' and side = 'client' and respondent_role = 'parent' and held_on = '2026-09-15'
            """, connection);
        ((decimal)(await command.ExecuteScalarAsync())!).ShouldBe(6.5m);
    }

    [Fact]
    public async Task a_corrected_check_in_date_moves_the_next_check_in_and_keeps_the_order()
    {
        var caseId = await Host.CaseWithHistory();
        var history = await History(caseId);
        var last = await CheckInOn(history, "2026-09-15");
        var middle = await CheckInOn(history, "2026-06-20");
        (await Host.GetCase(caseId)).GetProperty("nextCheckInDue").GetString().ShouldBe("2026-12-15");

        await Correct(caseId, new { reason = "Ingevoerd op de verkeerde dag", checkInDate = new { checkInId = last, heldOn = "2026-09-17" } });
        await Projected();

        var now = await Host.GetCase(caseId);
        now.GetProperty("lastCheckInOn").GetString().ShouldBe("2026-09-17");
        now.GetProperty("nextCheckInDue").GetString().ShouldBe("2026-12-17");
        var trends = await Host.Get($"/api/cases/{caseId}/trends");
        trends.GetProperty("checkIns").EnumerateArray().Select(c => c.GetProperty("heldOn").GetString()).ShouldBe(["2026-03-10", "2026-06-20", "2026-09-17"]);
        var agreements = await Host.Get($"/api/cases/{caseId}/agreements");
        agreements.GetProperty("agreements").EnumerateArray().ShouldContain(a => a.GetProperty("madeOn").GetString() == "2026-09-17");

        var outOfOrder = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/corrections",
            new { reason = "x", checkInDate = new { checkInId = middle, heldOn = "2026-03-01" } }, token: Bert);
        outOfOrder.ShouldNameField("checkInDate.heldOn");
    }

    [Fact]
    public async Task an_agreement_and_a_member_added_to_the_wrong_case_are_corrected()
    {
        var caseId = await Host.CaseWithHistory();
        var c = await Host.GetCase(caseId);
        var agreementId = c.GetProperty("openAgreements")[0].GetProperty("agreementId").GetGuid();
        var memberId = c.GetProperty("steunkring").GetProperty("members")[0].GetProperty("memberId").GetGuid();

        await Correct(caseId, new { reason = "Tikfout", agreement = new { agreementId, what = "Elke dinsdag kort bellen" } });
        await Correct(caseId, new { reason = "Hoort bij een ander gezin", member = new { memberId, addedInError = true } });
        await Projected();

        var now = await Host.GetCase(caseId);
        now.GetProperty("openAgreements")[0].GetProperty("what").GetString().ShouldBe("Elke dinsdag kort bellen");
        now.GetProperty("steunkring").GetProperty("members").GetArrayLength().ShouldBe(0);
        var agreements = await Host.Get($"/api/cases/{caseId}/agreements");
        agreements.GetProperty("agreements").EnumerateArray().ShouldContain(a => a.GetProperty("what").GetString() == "Elke dinsdag kort bellen");
        var timeline = (await Host.Get($"/api/cases/{caseId}/timeline?limit=500")).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("summary").GetString()!).ToList();
        timeline.ShouldContain(s => s.Contains("Oma de Boer was added to this steunkring by mistake. Why: Hoort bij een ander gezin"));
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/corrections", new { reason = "x", member = new { memberId, addedInError = true } },
            token: Bert, expect: 409)).Detail().ShouldContain("already taken out");
    }

    [Fact]
    public async Task on_a_closed_case_only_a_team_lead_may_correct()
    {
        var caseId = await Host.CaseWithHistory();
        var agreementId = (await Host.GetCase(caseId)).GetProperty("openAgreements")[0].GetProperty("agreementId").GetGuid();
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/close", new { closedOn = "2026-11-20", reason = "Klaar" }, token: Bert, expect: 200);
        var body = new { reason = "Tikfout", agreement = new { agreementId, who = "Bert en moeder" } };

        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/corrections", body, token: Bert, expect: 409)).Detail()
            .ShouldContain("a team lead may still correct");
        await Correct(caseId, body, Lead);
    }

    [Fact]
    public async Task a_correction_needs_a_reason_one_fact_and_a_fact_that_exists()
    {
        var caseId = await Host.CaseWithHistory();
        var score = new { checkInId = Guid.NewGuid(), respondentId = "r1", question = "omgang", value = 5.0 };

        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/corrections", new { score }, token: Bert)).ShouldNameField("reason");
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/corrections",
            new { reason = "x", score, checkInDate = new { checkInId = Guid.NewGuid(), heldOn = "2026-06-01" } }, token: Bert)).ShouldNameField("body");
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/corrections", new { reason = "x", score }, token: Bert)).ShouldNameField("score");
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/corrections", new { reason = "x", score }, token: AppFixture.Token(sub: "p-carl"), expect: 403))
            .Detail().ShouldContain("no role");
    }
}
