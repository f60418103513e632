using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.ReadModels;

public sealed class ListsAndDashboardTests(AppFixture app) : ApiTest(app)
{
    private Task<Guid> Open(string reference, string team, string firstOn, string casusregie = "p-anna") => Host.OpenCase(new
    {
        clientReference = reference, clientName = $"Client {reference}", kind = "adult", teamId = team, casusregie,
        openedOn = "2026-09-01", checkInMoments = new { intervalMonths = 3, firstOn },
    });

    [Fact]
    public async Task the_due_list_shows_overdue_and_coming_check_ins_of_the_team()
    {
        var overdue = await Open("C-1", "noord", "2026-11-01");
        var soon = await Open("C-2", "noord", "2026-12-01");
        await Open("C-3", "noord", "2027-02-01");          // not within 14 days
        await Open("C-4", "zuid", "2026-11-02");           // another team
        await Projected();

        var due = await Host.Get("/api/check-ins/due?team=noord&within=14");

        due.GetProperty("today").GetString().ShouldBe("2026-11-23");
        var late = due.GetProperty("overdue").EnumerateArray().Single();
        late.GetProperty("caseId").GetGuid().ShouldBe(overdue);
        late.GetProperty("daysOverdue").GetInt32().ShouldBe(22);
        late.GetProperty("casusregie").GetString().ShouldBe("p-anna");
        due.GetProperty("dueSoon").EnumerateArray().Single().GetProperty("caseId").GetGuid().ShouldBe(soon);
    }

    [Fact]
    public async Task the_due_list_follows_a_hand_over_and_forgets_a_held_or_closed_check_in()
    {
        var handedOver = await Open("C-1", "noord", "2026-11-01");
        var held = await Open("C-2", "noord", "2026-11-10");
        var closed = await Open("C-3", "noord", "2026-11-15");
        await Host.Send(HttpMethod.Put, $"/api/cases/{handedOver}/roles", new { casusregie = "p-bert" }, expect: 200);
        await Host.RecordCheckIn(held, CaseApi.CheckIn(heldOn: "2026-11-20"));
        await Host.Send(HttpMethod.Post, $"/api/cases/{closed}/close", new { closedOn = "2026-11-20", reason = "Verhuisd" }, expect: 200);
        await Projected();

        var mine = await Host.Get("/api/check-ins/due?professional=me"); // p-anna, team noord from the token
        var berts = await Host.Get("/api/check-ins/due?professional=p-bert");

        mine.GetProperty("overdue").GetArrayLength().ShouldBe(0);
        berts.GetProperty("overdue").EnumerateArray().Single().GetProperty("caseId").GetGuid().ShouldBe(handedOver);
    }

    [Fact]
    public async Task a_due_window_out_of_range_is_400_and_analysts_get_403()
    {
        (await Host.Send(HttpMethod.Get, "/api/check-ins/due?within=400", expect: 400)).ShouldNameField("within");
        await Host.Send(HttpMethod.Get, "/api/check-ins/due", token: AppFixture.Token("analyst"), expect: 403);
        await Host.Send(HttpMethod.Get, "/api/check-ins/due", token: "", expect: 401);
    }

    [Fact]
    public async Task the_case_list_filters_searches_pages_and_shows_the_latest_signals()
    {
        var story = await Host.CaseWithHistory("C-2001");
        await Open("C-1", "noord", "2026-12-01");
        var bert = await Open("C-2", "noord", "2026-12-01", casusregie: "p-bert");
        var zuid = await Open("C-3", "zuid", "2026-12-01");
        await Host.Send(HttpMethod.Post, $"/api/cases/{zuid}/close", new { closedOn = "2026-11-20", reason = "x" }, token: AppFixture.Token(team: "zuid"), expect: 200);
        await Projected();

        var noord = await Host.Get("/api/cases?team=noord");
        noord.GetProperty("total").GetInt64().ShouldBe(3);
        var withHistory = noord.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == story);
        withHistory.GetProperty("casusregie").GetString().ShouldBe("p-bert");
        withHistory.GetProperty("nextCheckInDue").GetString().ShouldBe("2026-12-15");
        withHistory.GetProperty("latestSignals").GetArrayLength().ShouldBeGreaterThan(0);

        var berts = await Host.Get("/api/cases?professional=p-bert");
        berts.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ShouldBe([story, bert], ignoreOrder: true);
        (await Host.Get("/api/cases?status=closed", team: "zuid")).GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid().ShouldBe(zuid);
        (await Host.Get("/api/cases?status=all")).GetProperty("items").EnumerateArray().ShouldNotContain(c => c.GetProperty("id").GetGuid() == zuid);
        (await Host.Get("/api/cases?q=de%20boer")).GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid().ShouldBe(story);
        var page2 = await Host.Get("/api/cases?team=noord&pageSize=2&page=2");
        page2.GetProperty("items").GetArrayLength().ShouldBe(1);
        (await Host.Send(HttpMethod.Get, "/api/cases?pageSize=0", expect: 400)).ShouldNameField("pageSize");
        await Host.Send(HttpMethod.Get, "/api/cases", token: AppFixture.Token("analyst"), expect: 403);
    }

    [Fact]
    public async Task the_team_dashboard_counts_per_month()
    {
        await Host.CaseWithHistory("C-2001");
        var overdue = await Open("C-9", "noord", "2026-11-01");
        await Projected();

        var dashboard = await Host.Get("/api/teams/noord/dashboard?from=2026-03-01&to=2026-09-30", role: "teamlead");

        var months = dashboard.GetProperty("months").EnumerateArray().ToDictionary(m => m.GetProperty("month").GetString()!);
        months.Count.ShouldBe(7);
        var march = months["2026-03"];
        march.GetProperty("checkInsHeld").GetInt32().ShouldBe(1);
        march.GetProperty("heldOnTimeShare").GetDouble().ShouldBe(0.0);   // due 2026-03-01, held 2026-03-10
        march.GetProperty("meanScores").GetProperty("omgang").GetProperty("client").GetDouble().ShouldBe(9.0); // 8.0 and smiley 5 (10)
        march.GetProperty("meanScores").GetProperty("omgang").GetProperty("professional").GetDouble().ShouldBe(7.0);
        march.GetProperty("agreementsMade").GetInt32().ShouldBe(1);
        march.GetProperty("achievedShare").GetDouble().ShouldBe(1.0);
        months["2026-06"].GetProperty("achievedShare").GetDouble().ShouldBe(0.0);
        months["2026-09"].GetProperty("heldOnTimeShare").GetDouble().ShouldBe(1.0);   // due 2026-09-20, held 2026-09-15
        months["2026-04"].GetProperty("checkInsHeld").GetInt32().ShouldBe(0);
        dashboard.GetProperty("overdueCases").EnumerateArray().Single().GetProperty("caseId").GetGuid().ShouldBe(overdue);
        var signalled = dashboard.GetProperty("openSignals").EnumerateArray().Single();
        signalled.GetProperty("clientReference").GetString().ShouldBe("C-2001");
        signalled.GetProperty("clientName").GetString().ShouldBe("Fam. de Boer");
        dashboard.GetProperty("openCases").GetInt32().ShouldBe(2);
        // Over the period, per question and side: the mother 8.0, 6.5, 3.5 and Sem's faces 5, 4, 2 (10.0, 7.5, 2.5).
        var omgang = dashboard.GetProperty("meanScores").GetProperty("omgang");
        omgang.GetProperty("client").GetDouble().ShouldBe(6.33);
        omgang.GetProperty("professional").GetDouble().ShouldBe(7.0);
    }

    [Fact]
    public async Task the_dashboard_is_for_the_teams_own_lead()
    {
        await Open("C-1", "noord", "2026-12-01");
        await Projected();
        await Host.Send(HttpMethod.Get, "/api/teams/oost/dashboard", token: AppFixture.Token("teamlead", team: "oost"), expect: 404);
        await Host.Send(HttpMethod.Get, "/api/teams/noord/dashboard", token: AppFixture.Token("teamlead", team: "noord"), expect: 200);
        await Host.Send(HttpMethod.Get, "/api/teams/noord/dashboard", token: AppFixture.Token("admin", team: null), expect: 403);
        await Host.Send(HttpMethod.Get, "/api/teams/noord/dashboard", token: AppFixture.Token("teamlead", team: "zuid"), expect: 403);
        await Host.Send(HttpMethod.Get, "/api/teams/noord/dashboard", token: AppFixture.Token("professional", team: "noord"), expect: 403);
        (await Host.Send(HttpMethod.Get, "/api/teams/noord/dashboard?from=2026-10-01&to=2026-09-01", token: AppFixture.Token("teamlead"), expect: 400))
            .ShouldNameField("from");
    }
}
