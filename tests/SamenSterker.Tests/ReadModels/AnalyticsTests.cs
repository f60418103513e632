using System.Text.RegularExpressions;
using Npgsql;
using SamenSterker.Analytics;
using SamenSterker.CheckIns;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.ReadModels;

public sealed class AnalyticsTests(AppFixture app) : ApiTest(app)
{
    private static string AnalystConnection =>
        new NpgsqlConnectionStringBuilder(AppFixture.ConnectionString)
        {
            Username = AnalystRoleSetup.RoleName, Password = AppFixture.AnalystPassword, Pooling = false,
        }.ConnectionString;

    private static async Task<List<object?[]>> Rows(string sql, string? connectionString = null)
    {
        await using var connection = new NpgsqlConnection(connectionString ?? AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public async Task a_correction_in_the_same_slice_as_the_score_it_corrects_is_applied()
    {
        // One transaction holds the check-in and a correction of one of its scores: the projection meets both in one
        // slice (as in every rebuild). It once wrote the slice's scores last, after the correction had found nothing.
        var caseId = await Host.OpenCase();
        var checkInId = Guid.NewGuid();
        var held = new DateOnly(2026, 9, 10);
        Respondent mother = new("r1", RespondentSide.Client, RespondentRole.Parent, "moeder", ScoreForm.Line);
        Respondent pro = new("pro", RespondentSide.Professional, RespondentRole.Professional, null, ScoreForm.Line);
        var events = new List<object> { new CheckInHeld(checkInId, held, ScoreForm.Line, [mother, pro], "test") };
        foreach (var who in new[] { mother, pro })
            foreach (var q in Enum.GetValues<Question>())
                events.Add(new ScoreGiven(checkInId, who.RespondentId, who.Side, who.Role, q, ScoreForm.Line, 3.5, null, null, null));
        events.Add(new SamenSterker.CheckIns.ScoreCorrected(checkInId, "r1", Question.Omgang, 6.0, null, null, null, 3.5, 2, "streep bij 6"));
        await using (var session = App.Store.LightweightSession())
        {
            session.Events.Append(caseId, events);
            await session.SaveChangesAsync();
        }
        await Projected();

        var rows = await Rows("select question, value from analytics.scores where side = 'client' order by question");
        rows.Count.ShouldBe(5);
        rows.Single(r => (string)r[0]! == "omgang")[1].ShouldBe(6.0m);
        rows.Where(r => (string)r[0]! != "omgang").ShouldAllBe(r => (decimal)r[1]! == 3.5m);
        // The check-in's sums per side follow the correction.
        (await Rows("select client_sum, client_scores, professional_sum, professional_scores from analytics.check_ins"))
            .Single().ShouldBe([20.0m, 5, 17.5m, 5]);
    }

    [Fact]
    public async Task the_tables_hold_the_case_history_as_plain_columns()
    {
        await Host.CaseWithHistory();
        await Projected();

        var cases = await Rows("select kind, team_id, opened_on, casusregie_handovers, interval_months from analytics.cases");
        cases.Single().ShouldBe(["family", "noord", new DateOnly(2026, 1, 5), 1, 3]);
        (await Rows("select count(*) from analytics.scores"))[0][0].ShouldBe(45L);
        var smiley = await Rows("select form, value, smiley, respondent_role from analytics.scores where smiley is not null order by held_on limit 1");
        smiley.Single().ShouldBe(["smiley", 10.0m, (short)5, "child"]);
        var schedule = await Rows("select moment_no, due_on, held_on, days_late, on_time from analytics.check_in_schedule order by moment_no");
        schedule.ShouldBe([
            [1, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 10), 9, false],
            [2, new DateOnly(2026, 6, 10), new DateOnly(2026, 6, 20), 10, false],
            [3, new DateOnly(2026, 9, 20), new DateOnly(2026, 9, 15), 0, true],
            [4, new DateOnly(2026, 12, 15), null, null, null],
        ]);
        var agreements = await Rows("select outcome from analytics.agreements order by made_on");
        agreements.Select(r => r[0]).ShouldBe(["achieved", "notAchieved", null]);
        (await Rows("select relation, left_on from analytics.steunkring_members")).Single().ShouldBe(["family", null]);
    }

    [Fact]
    public async Task the_rest_of_the_method_reaches_the_analyst_as_counts_and_dates_without_words()
    {
        var caseId = await Host.OpenCase();
        var url = $"/api/cases/{caseId}/praatplaat-reflections";
        var first = (await Host.Send(HttpMethod.Post, url, new { answers = new Dictionary<string, string> { ["1"] = "Oma denkt mee", ["2"] = "De buurvrouw" },
            nextStep = "Noor vragen wie ze erbij wil" }, expect: 201)).Json().GetProperty("reflectionId").GetGuid();
        await Host.Send(HttpMethod.Post, url, new { nextStep = "Oma uitnodigen", previousStep = new { reflectionId = first, outcome = "taken" } }, expect: 201);
        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/shared-approach", new { goal = "Naar school", approach = "Eén plan" }, expect: 200);
        using (var client = Host.Server.CreateClient())
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AppFixture.Token());
            using var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(Alliance.DrawingTests.PhoneJpegWithGps()), "photo", "t.jpg" }, { new StringContent("client"), "from" },
                { new StringContent("Ons huis"), "caption" },
            };
            (await client.PostAsync($"/api/cases/{caseId}/alliance-drawings", form)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        }
        await Projected();

        (await Rows("select questions_answered, previous_step_outcome from analytics.praatplaat_reflections order by held_on, questions_answered desc",
            AnalystConnection)).ShouldBe([[2, null], [0, "taken"]]);
        (await Rows("select from_side, with_caption from analytics.alliance_drawings", AnalystConnection)).Single().ShouldBe(["client", true]);
        (await Rows("select count(*) from analytics.shared_approach_changes", AnalystConnection))[0][0].ShouldBe(1L);
        // docs/analytics.md's two queries over these tables answer, as the analyst.
        var doc = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "docs", "analytics.md"));
        var queries = Regex.Matches(doc, "```sql\\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        (await Rows(queries[5], AnalystConnection)).Single().Skip(1).ShouldBe([1L, 0L, 0L]); // one step looked back on: taken
        (await Rows(queries[6], AnalystConnection)).Single().Skip(1).ShouldBe([1L, 1L]);     // one moment, with a drawing
        var everything = string.Join("|", (await Rows("select * from analytics.praatplaat_reflections")).Concat(await Rows("select * from analytics.alliance_drawings"))
            .SelectMany(r => r).Select(v => v?.ToString()));
        foreach (var word in new[] { "Oma", "Noor", "huis", caseId.ToString() }) everything.ShouldNotContain(word);
    }

    [Fact]
    public async Task the_steunkring_process_reaches_the_analyst_as_meetings_intakes_and_the_plans_agreements()
    {
        var caseId = await Host.OpenCase();
        var members = new List<Guid>();
        foreach (var name in new[] { "Oma Jansen", "Buurman Kees", "Tante Els" })
            members.Add((await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name, relation = "family", joinedOn = "2026-11-01" }, expect: 201))
                .Json().GetProperty("memberId").GetGuid());
        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/procesbegeleider", new { procesbegeleider = "p-dirk" }, expect: 200);
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/intakes", new { memberId = members[0], heldOn = "2026-11-10", howTheyCanHelp = "Oppassen" }, expect: 201);
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/intakes", new { memberId = members[1], heldOn = "2026-11-12", sharedHistory = "Buren sinds 2019" }, expect: 201);
        var meetingId = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/planned-meetings", new { on = "2026-11-30", place = "Thuis bij Sara" }, expect: 201))
            .Json().GetProperty("meetingId").GetGuid();
        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/planned-meetings/{meetingId}", new { on = "2026-11-23", place = "Buurthuis" }, expect: 200);
        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/planned-meetings/{meetingId}/agenda", new { items = new[] { "Wat wil ik?" } }, expect: 200);
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/meetings", new
        {
            meetingId, heldOn = "2026-11-23", attended = new[] { members[0], members[1] },
            agreements = new[] { new { what = "Oma haalt Sem op", who = "Oma", byWhen = "2026-12-10" }, new { what = "Kees belt", who = "Kees", byWhen = (string?)null } },
        }, expect: 201);
        var open = (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/steunkring", expect: 200)).Json().GetProperty("openAgreements").EnumerateArray()
            .Select(a => a.GetProperty("agreementId").GetGuid()).ToList();
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/meetings", new
        {
            heldOn = "2026-11-23", agenda = new[] { "Terugblik" }, attended = new[] { members[2] },
            reviews = new[] { new { agreementId = open[0], outcome = "achieved" }, new { agreementId = open[1], outcome = "notAchieved" } },
        }, expect: 201);
        await Projected();

        (await Rows("select times_moved, agenda_prepared, planned_for::text from analytics.steunkring_meeting_plans", AnalystConnection))
            .Single().ShouldBe([1, true, "2026-11-23"]);
        (await Rows("select count(*) from analytics.steunkring_intakes", AnalystConnection))[0][0].ShouldBe(2L);
        (await Rows("select outcome, due_on::text from analytics.steunkring_plan_agreements order by outcome", AnalystConnection))
            .ShouldBe([["achieved", "2026-12-10"], ["notAchieved", null]]);
        // docs/analytics.md's two steunkring queries answer, as the analyst: two meetings, 1.5 members on average, two of the
        // three members spoken with before the first; one agreement achieved, one not.
        var doc = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "docs", "analytics.md"));
        var queries = Regex.Matches(doc, "```sql\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        (await Rows(queries[7], AnalystConnection)).Single().Skip(1).ShouldBe([2L, 1.5m, 3L, 2L]);
        (await Rows(queries[8], AnalystConnection)).Single().Skip(1).ShouldBe([1L, 0L, 1L]);
        var everything = string.Join("|", (await Rows("select * from analytics.steunkring_meeting_plans"))
            .Concat(await Rows("select * from analytics.steunkring_plan_agreements")).Concat(await Rows("select * from analytics.steunkring_intakes"))
            .SelectMany(r => r).Select(v => v?.ToString()));
        foreach (var word in new[] { "Oma", "Kees", "Buurthuis", "Sara", meetingId.ToString(), caseId.ToString() }) everything.ShouldNotContain(word);
    }

    [Fact]
    public async Task no_name_no_free_text_and_no_raw_id_reaches_the_analytics_schema()
    {
        var caseId = await Host.CaseWithHistory();
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/alliance-feedback",
            new { from = "client", goesWell = "Ze luistert echt", keywords = new[] { "luisteren" } }, token: AppFixture.Token(sub: "p-bert"), expect: 201);
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/close", new { closedOn = "2026-11-20", reason = "Verhuisd naar Zwolle" },
            token: AppFixture.Token(sub: "p-bert"), expect: 200);
        await Projected();

        var everything = new List<string>();
        foreach (var table in AnalyticsTables.All)
            foreach (var row in await Rows($"select * from {table.Identifier.QualifiedName}"))
                everything.AddRange(row.Select(v => v?.ToString() ?? ""));

        everything.ShouldNotBeEmpty();
        var forbidden = new[] { "de Boer", "Oma", "moeder", "Sem", "p-anna", "p-bert", "C-2001", "Te druk", "Elke week", "luistert", "Zwolle", caseId.ToString(), caseId.ToString("N") };
        foreach (var word in forbidden)
            everything.ShouldNotContain(v => v.Contains(word, StringComparison.OrdinalIgnoreCase), $"'{word}' leaked into analytics");
        (await Rows("select closed_on from analytics.cases")).Single()[0].ShouldBe(new DateOnly(2026, 11, 20));
        (await Rows("select count(*) from analytics.check_in_schedule where held_on is null"))[0][0].ShouldBe(0L); // closed: nothing due
    }

    [Fact]
    public async Task the_analyst_role_reads_analytics_and_is_refused_the_events_and_documents()
    {
        await Host.CaseWithHistory();
        await Projected();

        (await Rows("select count(*) from analytics.check_ins", AnalystConnection))[0][0].ShouldBe(3L);
        foreach (var table in new[] { "samensterker.mt_events", "samensterker.mt_streams", "samensterker.mt_doc_case", "samensterker.mt_doc_casesummary" })
        {
            var refused = await Should.ThrowAsync<PostgresException>(() => Rows($"select * from {table} limit 1", AnalystConnection));
            refused.SqlState.ShouldBe("42501"); // insufficient_privilege
        }
        var write = await Should.ThrowAsync<PostgresException>(() => Rows("delete from analytics.cases", AnalystConnection));
        write.SqlState.ShouldBe("42501");
    }

    [Fact]
    public async Task the_five_documented_queries_run_as_the_analyst_and_answer()
    {
        await Host.CaseWithHistory("C-2001");
        await Host.CaseWithHistory("C-2002", team: "zuid");
        await Projected();

        var doc = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "docs", "analytics.md"));
        var queries = Regex.Matches(doc, "```sql\\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();

        queries.Count.ShouldBe(9); // the five, then four over the rest of the method (run in the tests of those tables)
        var answers = new List<List<object?[]>>();
        foreach (var sql in queries.Take(5)) answers.Add(await Rows(sql, AnalystConnection));
        answers.ShouldAllBe(rows => rows.Count > 0);
        answers[0].Count.ShouldBe(6);                   // two teams × three quarters with check-ins
        answers[3].Select(r => r[0]).Distinct().Count().ShouldBe(2); // both cases: the gap widened

        // Queries 4 and 5 read the check-ins' sums: they answer what the same questions over every score row answer.
        var overScores4 = await Rows("""
            with per_check_in as (
              select case_key, check_in_key, held_on,
                     abs(avg(value) filter (where side = 'professional') - avg(value) filter (where side = 'client')) as gap
              from analytics.scores group by case_key, check_in_key, held_on
            ), with_previous as (
              select *, lag(gap) over (partition by case_key order by held_on) as previous_gap from per_check_in
            )
            select case_key, held_on, round(previous_gap, 2) as previous_gap, round(gap, 2) as gap
            from with_previous where previous_gap is not null and gap > previous_gap order by gap - previous_gap desc
            """);
        answers[3].ShouldBe(overScores4);
        var overScores5 = await Rows("""
            with size as (
              select case_key, count(*) filter (where left_on is null) as members from analytics.steunkring_members group by case_key
            ), satisfaction as (
              select case_key, avg(value) as mean_client_score from analytics.scores where side = 'client' group by case_key
            )
            select coalesce(size.members, 0) as steunkring_size, count(*) as cases, round(avg(satisfaction.mean_client_score), 2)
            from satisfaction left join size using (case_key) group by 1 order by 1
            """);
        answers[4].ShouldBe(overScores5);
    }
}
