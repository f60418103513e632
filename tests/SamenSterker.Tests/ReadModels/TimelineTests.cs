using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.ReadModels;

public sealed class TimelineTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task the_timeline_tells_every_fact_in_order_with_who_and_when()
    {
        var caseId = await Host.CaseWithHistory();
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/close", new { closedOn = "2026-11-20", reason = "Doelen bereikt" },
            token: AppFixture.Token(sub: "p-bert"), expect: 200);
        await Projected();

        var timeline = await Host.Get($"/api/cases/{caseId}/timeline?limit=500");

        var items = timeline.GetProperty("items").EnumerateArray().ToList();
        var version = (await Host.GetCase(caseId)).GetProperty("version").GetInt64();
        items.Count.ShouldBe((int)version);
        items.Select(i => i.GetProperty("version").GetInt64()).ShouldBe(Enumerable.Range(1, (int)version).Select(v => (long)v));
        items[0].GetProperty("kind").GetString().ShouldBe("caseOpened");
        items[0].GetProperty("by").GetString().ShouldBe("p-anna");
        items[0].GetProperty("summary").GetString()!.ShouldStartWith("Case C-2001 opened (family, team noord); casusregie: p-anna");
        var summaries = items.Select(i => i.GetProperty("summary").GetString()!).ToList();
        summaries.ShouldContain("Oma de Boer (family) joined the steunkring");
        summaries.ShouldContain("Check-in held on 2026-03-10 with moeder, Sem, professional (line form)");
        summaries.ShouldContain("Client side (r2) scored omgang: smiley 5 (10.0 on the line)");
        summaries.ShouldContain("Casusregie handed over from p-anna to p-bert");
        summaries.ShouldContain("Agreement reviewed: not achieved — Te druk");
        summaries[^1].ShouldBe("Case closed on 2026-11-20: Doelen bereikt");
        timeline.GetProperty("next").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task the_timeline_pages_by_version()
    {
        var caseId = await Host.CaseWithHistory();
        await Projected();

        var first = await Host.Get($"/api/cases/{caseId}/timeline?limit=10");
        var second = await Host.Get($"/api/cases/{caseId}/timeline?after={first.GetProperty("next").GetInt64()}&limit=10");

        first.GetProperty("items").GetArrayLength().ShouldBe(10);
        first.GetProperty("next").GetInt64().ShouldBe(10);
        second.GetProperty("items")[0].GetProperty("version").GetInt64().ShouldBe(11);
    }

    [Fact]
    public async Task the_timeline_of_an_unknown_case_is_404_and_bad_paging_400()
    {
        await Host.Send(HttpMethod.Get, $"/api/cases/{Guid.NewGuid()}/timeline", expect: 404);
        var caseId = await Host.OpenCase();
        (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/timeline?limit=0", expect: 400)).ShouldNameField("limit");
    }

    [Fact]
    public async Task analysts_may_not_read_the_timeline()
    {
        var caseId = await Host.OpenCase();

        await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/timeline", token: AppFixture.Token("analyst"), expect: 403);
    }
}
