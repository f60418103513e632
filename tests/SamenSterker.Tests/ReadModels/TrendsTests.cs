using System.Xml.Linq;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.ReadModels;

public sealed class TrendsTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task trends_keep_both_views_side_by_side_per_question_and_respondent()
    {
        var caseId = await Host.CaseWithHistory();
        await Projected();

        var trends = await Host.Get($"/api/cases/{caseId}/trends");

        trends.GetProperty("checkIns").GetArrayLength().ShouldBe(3);
        var omgang = trends.GetProperty("questions").EnumerateArray().Single(q => q.GetProperty("question").GetString() == "omgang");
        var clientSide = omgang.GetProperty("clientSide").EnumerateArray().ToList();
        clientSide.Select(s => s.GetProperty("label").GetString()).ShouldBe(["moeder", "Sem"]);
        clientSide[0].GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ShouldBe([8.0, 6.5, 3.5]);
        var child = clientSide[1].GetProperty("points").EnumerateArray().ToList();
        child.Select(p => p.GetProperty("value").GetDouble()).ShouldBe([10.0, 7.5, 2.5]);
        child.Select(p => p.GetProperty("smiley").GetInt32()).ShouldBe([5, 4, 2]);
        child[0].GetProperty("form").GetString().ShouldBe("smiley");
        omgang.GetProperty("professional").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ShouldBe([7.0, 7.0, 7.0]);
        var gaps = omgang.GetProperty("gaps").EnumerateArray().Where(g => g.GetProperty("respondentId").GetString() == "r1").ToList();
        gaps.Select(g => g.GetProperty("gap").GetDouble()).ShouldBe([-1.0, 0.5, 3.5]);
    }

    [Fact]
    public async Task signals_mark_a_drop_a_low_score_a_widening_gap_and_two_downs_in_a_row()
    {
        var caseId = await Host.CaseWithHistory();
        await Projected();

        var trends = await Host.Get($"/api/cases/{caseId}/trends");

        var latest = trends.GetProperty("latestSignals").EnumerateArray()
            .Where(s => s.GetProperty("question").GetString() == "omgang" && s.GetProperty("respondentId").GetString() == "r1")
            .Select(s => s.GetProperty("kind").GetString()).ToList();
        latest.ShouldBe(["low", "drop", "downTwice", "gap"], ignoreOrder: true);
        var signals = trends.GetProperty("questions")[0].GetProperty("signals").EnumerateArray().ToList();
        signals.Where(s => s.GetProperty("respondentId").GetString() == "r1" && s.GetProperty("heldOn").GetString() != "2026-09-15")
            .ShouldBeEmpty(); // the mother: 8.0 → 6.5 is a drop of 1.5, no signal yet
        // Sem: smiley 5 (10.0) beside the professional's 7.0 is already a gap; 10.0 → 7.5 a drop.
        signals.Where(s => s.GetProperty("respondentId").GetString() == "r2" && s.GetProperty("heldOn").GetString() != "2026-09-15")
            .Select(s => s.GetProperty("kind").GetString()).ShouldBe(["gap", "drop"], ignoreOrder: true);
    }

    [Fact]
    public async Task a_case_without_check_ins_has_empty_trends_and_an_unknown_case_404()
    {
        var caseId = await Host.OpenCase();

        var trends = await Host.Get($"/api/cases/{caseId}/trends");

        trends.GetProperty("checkIns").GetArrayLength().ShouldBe(0);
        trends.GetProperty("questions").GetArrayLength().ShouldBe(5);
        await Host.Send(HttpMethod.Get, $"/api/cases/{Guid.NewGuid()}/trends", expect: 404);
        await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/trends", token: AppFixture.Token("analyst"), expect: 403);
    }

    [Fact]
    public async Task the_chart_is_valid_svg_with_a_panel_per_question()
    {
        var caseId = await Host.CaseWithHistory();
        await Projected();

        var result = await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/trends.svg", expect: 200);

        result.Context.Response.ContentType!.ShouldStartWith("image/svg+xml");
        var svg = XDocument.Parse(result.ReadAsText());
        XNamespace ns = "http://www.w3.org/2000/svg";
        svg.Root!.Name.ShouldBe(ns + "svg");
        svg.Root.Elements(ns + "svg").Count().ShouldBe(5);
        var text = result.ReadAsText();
        text.ShouldContain("C-2001");
        foreach (var q in CaseApi.Questions) text.ShouldContain(q);
        text.ShouldContain("tevreden");
        // The panels are named as the pages name the questions, in the app's sans-serif on whatever device reads them
        // (ScottPlot names the server's own typeface, a serif one here).
        svg.Descendants(ns + "text").Select(t => t.Value.Trim()).ShouldContain("Omgang");
        svg.Descendants().Select(e => (string?)e.Attribute("font-family")).Where(f => f is not null).ShouldAllBe(f => f!.EndsWith("sans-serif"));
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "samensterker-trends.svg"), text);
    }

    [Fact]
    public async Task the_last_check_ins_alone_keep_the_signals_that_compare_with_the_one_before()
    {
        var caseId = await Host.CaseWithHistory();
        await Projected();

        var trends = await Host.Get($"/api/cases/{caseId}/trends?last=2");

        trends.GetProperty("checkIns").GetArrayLength().ShouldBe(2);
        var omgang = trends.GetProperty("questions").EnumerateArray().Single(q => q.GetProperty("question").GetString() == "omgang");
        omgang.GetProperty("clientSide")[0].GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ShouldBe([6.5, 3.5]);
        // Two downs in a row needs the first check-in, which is not shown: the signal is still there.
        omgang.GetProperty("signals").EnumerateArray()
            .Where(s => s.GetProperty("respondentId").GetString() == "r1").Select(s => s.GetProperty("kind").GetString())
            .ShouldContain("downTwice");
        (await Host.Get($"/api/cases/{caseId}/trends?last=9")).GetProperty("checkIns").GetArrayLength().ShouldBe(3);
        (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/trends?last=0")).ShouldNameField("last");
    }

    [Fact]
    public async Task the_chart_is_drawn_for_a_phone_and_not_drawn_again_while_the_scores_are_unchanged()
    {
        var caseId = await Host.CaseWithHistory();
        await Projected();

        var narrow = await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/trends.svg?last=2&width=380", expect: 200);
        var svg = XDocument.Parse(narrow.ReadAsText());
        svg.Root!.Attribute("width")!.Value.ShouldBe("380");
        var tag = narrow.ETag();
        tag.ShouldNotBeNullOrEmpty();

        var again = await Host.Scenario(s =>
        {
            s.WithBearerToken(AppFixture.Token());
            s.WithRequestHeader("If-None-Match", tag);
            s.Get.Url($"/api/cases/{caseId}/trends.svg?last=2&width=380");
            s.StatusCodeShouldBe(304);
        });
        again.ReadAsText().ShouldBeEmpty();
        // Another shape is another chart.
        (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/trends.svg", expect: 200)).ETag().ShouldNotBe(tag);

        // A new check-in changes the scores and so the chart.
        await Host.RecordCheckIn(caseId, CaseApi.CheckIn(heldOn: "2026-11-20",
            reviews: [new { agreementId = await CaseApi.OpenAgreement(Host, caseId), outcome = "achieved" }]), by: "p-bert");
        await Projected();
        var after = await Host.Scenario(s =>
        {
            s.WithBearerToken(AppFixture.Token());
            s.WithRequestHeader("If-None-Match", tag);
            s.Get.Url($"/api/cases/{caseId}/trends.svg?last=2&width=380");
            s.StatusCodeShouldBe(200);
        });
        after.ETag().ShouldNotBe(tag);

        (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/trends.svg?width=100")).ShouldNameField("width");
        (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/trends.svg?last=0")).ShouldNameField("last");
    }

    [Fact]
    public async Task the_chart_of_an_unknown_case_is_404_and_not_for_analysts()
    {
        await Host.Send(HttpMethod.Get, $"/api/cases/{Guid.NewGuid()}/trends.svg", expect: 404);
        var caseId = await Host.OpenCase();
        await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/trends.svg", token: AppFixture.Token("analyst"), expect: 403);
        (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/trends.svg", expect: 200)).ReadAsText().ShouldContain("nog geen check-ins");
    }
}
